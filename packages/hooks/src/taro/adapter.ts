import type { SocketTransport } from '../core/types'
import { alipayMultipleTransport } from './alipay'
import { taroTransport } from './transport'
import { webTransport } from './web'

export interface PlatformAdapter {
  connect: SocketTransport
  /** A limit of its own, where the adapter changes what the platform allows. */
  maxConnections?: number
}

/** Sockets Alipay allows in multiple-task mode; its docs give no number, so the common 5. */
export const ALIPAY_MULTIPLE_LIMIT = 5

/**
 * The transport for the platform this build is for. Each test is on `process.env.TARO_ENV`
 * itself, which Taro's build turns into a literal, so a WeChat bundle carries neither the H5
 * nor the Alipay adapter.
 */
export function buildAdapter(): PlatformAdapter {
  if (process.env.TARO_ENV === 'h5' || process.env.TARO_ENV === 'rn') return { connect: webTransport(taroTransport) }
  if (process.env.TARO_ENV === 'alipay') {
    const multiple = alipayMultipleTransport()
    if (multiple) return { connect: multiple, maxConnections: ALIPAY_MULTIPLE_LIMIT }
  }
  return { connect: taroTransport }
}
