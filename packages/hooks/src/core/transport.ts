import Taro from '@tarojs/taro'

/**
 * The part of Taro's SocketTask that the library uses. Taro's own SocketTask, and any
 * platform's task object, fits it; so can a test double.
 */
export interface SocketTaskLike {
  send(option: {
    data: string | ArrayBuffer
    success?: (res: unknown) => void
    fail?: (res: unknown) => void
  }): unknown
  close(option: { code?: number; reason?: string; success?: (res: unknown) => void; fail?: (res: unknown) => void }): unknown
  onOpen(callback: (result: unknown) => void): void
  onClose(callback: (result: { code?: number; reason?: string }) => void): void
  onError(callback: (result: unknown) => void): void
  onMessage(callback: (result: { data: unknown }) => void): void
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

export const taroTransport: SocketTransport = (options) =>
  Taro.connectSocket(options as Parameters<typeof Taro.connectSocket>[0]) as Promise<SocketTaskLike>
