import type { SocketTransport } from '../core/types'
import { taroTransport } from './transport'
import { webTransport } from './web'

/**
 * The transport for the platform this build is for: Taro's connectSocket, driven through the
 * WebSocket it wraps on H5 and React Native. The test is on `process.env.TARO_ENV` itself, which
 * Taro's build turns into a literal, so a WeChat bundle does not carry the H5 adapter.
 */
export function buildTransport(): SocketTransport {
  return process.env.TARO_ENV === 'h5' || process.env.TARO_ENV === 'rn' ? webTransport(taroTransport) : taroTransport
}
