import Taro from '@tarojs/taro'
import type { SocketTaskLike, SocketTransport } from '../core/types'

export const taroTransport: SocketTransport = (options) => Taro.connectSocket(options as Parameters<typeof Taro.connectSocket>[0]) as Promise<SocketTaskLike>
