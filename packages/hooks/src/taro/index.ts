import { createRegistry, type SocketRegistry, type SocketRegistryOptions } from '../core/registry'
import { buildTransport } from './adapter'
import { alipayTasks } from './alipay-task'
import { taroLifecycle } from './lifecycle'
import { buildPlatform, socketLimitFor } from './platform'

let fallback: SocketRegistry | undefined

/** The registry hooks use outside a SocketProvider, made on first use with Taro's defaults. */
export function defaultSocketRegistry(): SocketRegistry {
  if (!fallback) fallback = createSocketRegistry()
  return fallback
}

/**
 * A connection registry wired to Taro: the platform (`platform`, or the build's TARO_ENV) sets
 * the socket limit and whether ws:// is allowed; sockets open through `connect`, else the app's
 * `adapter` (alipayMultipleTasks()), else this build's transport (Taro's connectSocket); app
 * events come from Taro unless `lifecycle` is given.
 */
export function createSocketRegistry(options: SocketRegistryOptions = {}): SocketRegistry {
  const platform = options.platform || buildPlatform()
  const adapter = options.adapter
  // Taro's Alipay runtime (and Tini) drive one global socket from every task; an adapter
  // (Alipay's multiple-task mode) gives every socket a task of its own.
  const globalSocket = !adapter && (platform === 'alipay' || platform === 'tini')
  let connect = options.connect || (adapter ? adapter.connect : buildTransport())
  // Alipay's base64 binary, in both modes; on TARO_ENV itself, so other builds do not carry it.
  if (process.env.TARO_ENV === 'alipay') connect = alipayTasks(connect, globalSocket)
  const { maxConnections, allowInsecure } = options
  return createRegistry({
    ...options,
    platform,
    connect,
    lifecycle: options.lifecycle || taroLifecycle,
    // The adapter's own limit (Alipay's multiple-task mode), else the platform's.
    maxConnections: maxConnections === undefined ? (adapter && adapter.maxConnections) || socketLimitFor(platform) : maxConnections,
    globalSocket,
    // Mini-programs take only wss:// outside their developer tools; H5 and RN take ws:// too.
    allowInsecure: allowInsecure === undefined ? platform === 'h5' || platform === 'rn' : allowInsecure,
  })
}
