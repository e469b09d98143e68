/**
 * taro-socket-hooks/core: the registry and everything under the hooks, importing neither React nor
 * Vue. For stores, services and other frameworks; the React (main) and Vue entries export it too.
 */
// The registry, wired to this build's platform (Taro's connectSocket, limits, app events).
export { createSocketRegistry, defaultSocketRegistry } from './taro'
// Alipay's multiple-task mode (up to 5 sockets), for the registry's `adapter` option.
export { alipayMultipleTasks } from './taro/alipay'

// Features an app turns on by importing them: those it never imports it never ships.
export { heartbeat, type HeartbeatFeature, type HeartbeatOptions } from './core/heartbeat'
export { evict, type EvictFeature } from './core/evict'
export { trace, type TraceEvent, type TraceFeature } from './core/trace'
export { handshake, type Handshake, type HandshakeFeature, type HandshakeSocket } from './core/handshake'

// Framework-free core: for use outside a framework, and the types of everything above.
export type { OverflowPolicy, SocketLease, SocketRegistry, SocketRegistryOptions, SocketRegistryStats } from './core/registry'
export type { Connection, ConnectionListener } from './core/connection'
export type { CloseEvent, SocketStatus } from './core/machine'
export { createSocketObserver, type ObservedField, type RawMessage, type SocketObserver, type SocketObserverOptions } from './core/observer'
export { SocketError, isSocketError, type SocketErrorCode } from './core/errors'
export type { ConnectContext, Dynamic, SocketRequest } from './core/request'
export type { SendData, SendOptions } from './core/outbox'
export type { ReconnectOptions } from './core/backoff'
export type { AppEvents, AppLifecycle, PlatformAdapter, SocketConnectOptions, SocketTaskLike, SocketTransport } from './core/types'
export type { QueryData } from './core/url'
export type { Clock } from './core/clock'
