import type { Connection } from './connection'
import type { SocketError } from './errors'
import type { CloseEvent as SocketCloseEvent, SocketStatus } from './machine'
import type { SendData } from './outbox'
import type { SocketLease, SocketRegistry } from './registry'
import { CLOSED, CLOSING, CONNECTING, OPEN, type ReadyState } from './types'

/** The event objects a WebSocket client reads. */
export interface WebSocketEvent {
  readonly type: 'open' | 'message' | 'error' | 'close'
  readonly target: WebSocketLike
}
export interface WebSocketMessageEvent extends WebSocketEvent {
  readonly data: string | ArrayBuffer
}
export interface WebSocketErrorEvent extends WebSocketEvent {
  readonly error: SocketError
  readonly message: string
}
export interface WebSocketCloseEvent extends WebSocketEvent {
  readonly code: number
  readonly reason: string
  readonly wasClean: boolean
}

type Listener = (event: never) => void
type EventType = WebSocketEvent['type']

/** The WHATWG WebSocket surface that realtime clients (graphql-ws, centrifuge, partysocket…) use. */
export interface WebSocketLike {
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
  readonly url: string
  readonly readyState: 0 | 1 | 2 | 3
  /** The first protocol asked for, once open (the platforms do not tell which one the server chose). */
  readonly protocol: string
  readonly extensions: string
  /** Always 'arraybuffer': mini-programs have no Blob. */
  binaryType: 'arraybuffer'
  /** 0: the platforms do not report what is still buffered. */
  readonly bufferedAmount: number
  onopen: ((event: WebSocketEvent) => void) | null
  onmessage: ((event: WebSocketMessageEvent) => void) | null
  onerror: ((event: WebSocketErrorEvent) => void) | null
  onclose: ((event: WebSocketCloseEvent) => void) | null
  /** Text, an ArrayBuffer or any view of one (typed array, DataView, Buffer); no Blob. */
  send(data: SendData): void
  close(code?: number, reason?: string): void
  addEventListener(type: EventType, listener: Listener): void
  removeEventListener(type: EventType, listener: Listener): void
}

export interface WebSocketClass {
  new (url: string, protocols?: string | string[]): WebSocketLike
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

const READY_STATE: Readonly<Record<SocketStatus, ReadyState>> = {
  idle: CONNECTING,
  queued: CONNECTING,
  connecting: CONNECTING,
  open: OPEN,
  closing: CLOSING,
  reconnecting: CLOSED,
  closed: CLOSED,
}

/**
 * A standard WebSocket class whose sockets come from the registry: each instance is a socket of
 * its own (not shared with hooks on the same URL) that counts against the platform's limit and
 * waits for a slot like any other, gets the library's validation and platform adapters, and,
 * like a browser WebSocket, never reconnects by itself: the client library above it does.
 * Pass it where a client takes a WebSocket implementation (graphql-ws's `webSocketImpl`).
 */
export function webSocketFor(registry: SocketRegistry | (() => SocketRegistry)): WebSocketClass {
  const registryOf = typeof registry === 'function' ? registry : () => registry

  class TaroWebSocket implements WebSocketLike {
    static readonly CONNECTING = CONNECTING
    static readonly OPEN = OPEN
    static readonly CLOSING = CLOSING
    static readonly CLOSED = CLOSED
    readonly CONNECTING = CONNECTING
    readonly OPEN = OPEN
    readonly CLOSING = CLOSING
    readonly CLOSED = CLOSED
    readonly url: string
    readonly extensions = ''
    readonly bufferedAmount = 0
    binaryType = 'arraybuffer' as const
    protocol = ''
    onopen: WebSocketLike['onopen'] = null
    onmessage: WebSocketLike['onmessage'] = null
    onerror: WebSocketLike['onerror'] = null
    onclose: WebSocketLike['onclose'] = null
    private readonly listeners: Partial<Record<EventType, Listener[]>> = {}
    private readonly connection: Connection
    private done = false

    /** Throws SocketError on a bad URL or protocols, before anything reaches the platform. */
    constructor(url: string, protocols: string | string[] = []) {
      const list = typeof protocols === 'string' ? [protocols] : protocols
      const lease: SocketLease = registryOf().acquire({ url, protocols: list, exclusive: true })
      const connection = lease.connection
      this.connection = connection
      this.url = url
      let closed: SocketCloseEvent | undefined
      const unsubscribe = connection.subscribe({
        onOpen: () => {
          this.protocol = list[0] || ''
          this.emit('open', {})
        },
        onMessage: (data) => this.emit('message', { data }),
        onError: (error) => this.emit('error', { error, message: error.message }),
        onClose: (event) => {
          closed = event
        },
        onChange: () => {
          if (connection.status !== 'closed' || this.done) return
          this.done = true
          // The error and close events come after this change is announced: finish a tick later
          // (`void`: nothing waits for this promise).
          void Promise.resolve().then(() => {
            unsubscribe()
            lease.release()
            const code = closed ? closed.code : 1006
            this.emit('close', { code, reason: closed ? closed.reason : '', wasClean: code !== 1006 })
          })
        },
      })
    }

    get readyState(): ReadyState {
      return this.done ? 3 : READY_STATE[this.connection.status]
    }

    send(data: SendData): void {
      // Unlike the standard, a send before open waits for the open (no client here relies on the
      // InvalidStateError). Nothing is dropped quietly: a send that fails is told as an error event.
      this.connection.send(data).catch((error: SocketError) => this.emit('error', { error, message: error.message }))
    }

    close(code?: number, reason?: string): void {
      if (!this.done) this.connection.close(code, reason)
    }

    addEventListener(type: EventType, listener: Listener): void {
      const list = this.listeners[type]
      if (!list) this.listeners[type] = [listener]
      else if (!list.includes(listener)) list.push(listener)
    }

    removeEventListener(type: EventType, listener: Listener): void {
      const list = this.listeners[type]
      if (list) this.listeners[type] = list.filter((l) => l !== listener)
    }

    private emit(type: EventType, fields: object): void {
      const event = { type, target: this, ...fields } as never
      const handler = this[`on${type}`] as ((event: never) => void) | null
      if (handler) handler.call(this, event)
      for (const listener of this.listeners[type] || []) listener(event)
    }
  }

  return TaroWebSocket
}
