import { socketLimitFor } from '../core/platform'
import { taroTransport, type SocketTransport } from '../core/transport'
import { alipayMultipleSupported, alipayMultipleTransport } from './alipay'
import { webTransport } from './web'

export interface PlatformAdapter {
  connect: SocketTransport
  maxConnections: number
  /** Mini-program platforms accept only wss:// (ws:// only in their developer tools). */
  requiresSecure: boolean
}

/** Sockets Alipay allows in multiple-task mode; its docs give no number, so the common 5. */
export const ALIPAY_MULTIPLE_LIMIT = 5

/** The transport and limit for a platform, as TARO_ENV names it. */
export function adapterFor(platform: string | undefined): PlatformAdapter {
  if (platform === 'h5' || platform === 'rn') {
    return {
      connect: webTransport(taroTransport),
      maxConnections: socketLimitFor(platform),
      requiresSecure: false,
    }
  }
  if (platform === 'alipay' && alipayMultipleSupported()) {
    return {
      connect: alipayMultipleTransport,
      maxConnections: ALIPAY_MULTIPLE_LIMIT,
      requiresSecure: true,
    }
  }
  return {
    connect: taroTransport,
    maxConnections: socketLimitFor(platform),
    requiresSecure: true,
  }
}
