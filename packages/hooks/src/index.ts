export { SocketProvider, type SocketProviderProps } from './react/SocketProvider'
export { useSocket, type UseSocketOptions, type UseSocketResult } from './react/useSocket'
export { useSocketRegistry } from './react/context'

export {
  SocketRegistry,
  createSocketRegistry,
  type OverflowPolicy,
  type SocketLease,
  type SocketRegistryOptions,
  type SocketRegistryStats,
} from './core/registry'
export type { SocketStatus, CloseEvent, Connection } from './core/connection'
export { SocketObserver, type SocketObserverOptions, type RawMessage } from './core/observer'
export { SocketError, isSocketError, type SocketErrorCode } from './core/errors'
export type { SocketRequest } from './core/request'
export type { SendOptions } from './core/outbox'
export type { ReconnectOptions } from './core/backoff'
export type { HeartbeatOptions } from './core/heartbeat'
export type { AppLifecycle } from './core/lifecycle'
export type { SocketConnectOptions, SocketTaskLike, SocketTransport } from './core/transport'
export type { QueryData } from './core/url'
export { PLATFORM_SOCKET_LIMITS } from './core/platform'
