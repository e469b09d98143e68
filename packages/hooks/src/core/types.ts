/**
 * What the core needs from a platform, as plain interfaces: the Taro layer (`src/taro`)
 * implements them with Taro's APIs, tests with the platform emulator.
 */

/**
 * The part of Taro's SocketTask that the library uses. Taro's own SocketTask, and any
 * platform's task object, fits it; so can a test double. `readyState`, where a platform
 * has it, lets the library see a socket killed without notice.
 */
export interface SocketTaskLike {
  /** `isBuffer`: Alipay's mark that `data` is the base64 of a binary message. */
  send(option: { data: string | ArrayBuffer; isBuffer?: boolean; success?: (res: unknown) => void; fail?: (res: unknown) => void }): unknown
  close(option: { code?: number; reason?: string; success?: (res: unknown) => void; fail?: (res: unknown) => void }): unknown
  onOpen(callback: (result: unknown) => void): void
  onClose(callback: (result: { code?: number; reason?: string }) => void): void
  onError(callback: (result: unknown) => void): void
  onMessage(callback: (result: { data: unknown }) => void): void
  /** Called once the library is done with the task: an adapter removes what it registered. */
  release?(): void
}

/** What the library passes to the transport: Taro's `connectSocket` option, validated. */
export interface SocketConnectOptions {
  /** Normalized ws:// or wss:// URL, with `data` already appended as a query string. */
  url: string
  header?: Record<string, string>
  protocols?: string[]
  tcpNoDelay?: boolean
  method?: string
}

/** Opens one socket. `Taro.connectSocket` is one; tests pass their own. */
export type SocketTransport = (options: SocketConnectOptions) => Promise<SocketTaskLike>

/**
 * A platform's own way to open sockets, in place of Taro's runtime, and how many it allows:
 * `alipayMultipleTasks()` makes one. Give it as the registry's `adapter`.
 */
export interface PlatformAdapter {
  connect: SocketTransport
  /** Sockets open at once with this adapter; the platform's limit if not given. */
  maxConnections?: number
}

/**
 * The app events that matter to sockets. The platforms cut sockets soon after the app
 * goes to the background, and a network change does the same.
 */
export interface AppLifecycle {
  /** Starts telling `events` about the app; returns what stops it. */
  listen(events: AppEvents): () => void
}

/** What a registry is told about the app. */
export interface AppEvents {
  /** The app went to the background. */
  hide(): void
  /** The app came back. */
  show(): void
  /** `online` is false when the network is gone, true when it is back. */
  network(online: boolean): void
}

declare const featureName: unique symbol

/**
 * What a feature's factory makes (`heartbeat()`, `evict()`, `trace()`, `handshake()`): give it as
 * the option of that name. Opaque on purpose: an app that never calls the factory ships none of
 * the feature's code.
 */
export interface Feature<Name extends string> {
  readonly [featureName]: Name
}

/** The socket's readyState values, as the WebSocket standard numbers them. */
export const CONNECTING = 0
export const OPEN = 1
export const CLOSING = 2
export const CLOSED = 3
export type ReadyState = typeof CONNECTING | typeof OPEN | typeof CLOSING | typeof CLOSED
