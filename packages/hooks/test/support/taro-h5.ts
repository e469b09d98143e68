// `@tarojs/taro` in the H5 test project: Taro's own H5 connectSocket, unchanged.
import { connectSocket } from '@tarojs/taro-h5/dist/api/network/websocket/index.js'

export { connectSocket }
export default { connectSocket }
