// `@tarojs/taro` in the H5 test project: Taro's own H5 connectSocket and storage (over jsdom's localStorage), unchanged.
import { connectSocket } from '@tarojs/taro-h5/dist/api/network/websocket/index.js'
import { getStorageInfoSync, getStorageSync, removeStorageSync, setStorageSync } from '@tarojs/taro-h5/dist/api/storage/index.js'

export { connectSocket, getStorageInfoSync, getStorageSync, removeStorageSync, setStorageSync }
export default { connectSocket, getStorageInfoSync, getStorageSync, removeStorageSync, setStorageSync }
