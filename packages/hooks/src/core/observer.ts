import type { CloseEvent, Connection, ConnectionListener, SocketStatus } from './connection'
import { validateCloseCode, validateCloseReason } from './close'
import { SocketError, isSocketError } from './errors'
import type { SendOptions } from './outbox'
import type { SocketLease, SocketRegistry } from './registry'
import type { SocketRequest } from './request'

export type RawMessage = string | ArrayBuffer

export interface SocketObserverOptions<T> extends Omit<SocketRequest, 'url'> {
  /** false releases this user's share of the socket. Default true. */
  enabled?: boolean
  /** Turns each raw message into T (e.g. JSON.parse). */
  parse?: (raw: RawMessage) => T
  onOpen?: () => void
  onMessage?: (message: T) => void
  onError?: (error: SocketError) => void
  onClose?: (event: CloseEvent) => void
  /**
   * ms: a component that reads `lastMessage` re-renders at most once per this many ms
   * (showing the newest message); `onMessage` still sees every message. Default 0: on every
   * message React does not batch with others.
   */
  throttle?: number
}

type Field = 'status' | 'lastMessage' | 'error'

/**
 * One user's view of a shared connection (a component's, through useSocket). Keeps
 * that user's last message and callbacks, and tells its subscriber only about changes
 * to the fields it has read, so a status badge does not render on every message.
 */
export class SocketObserver<T> {
  private url: string | null
  private options: SocketObserverOptions<T>
  private key: string | null = null
  private invalid: SocketError | null = null
  private lease: SocketLease | null = null
  private unlisten: (() => void) | null = null
  private subscribers = new Set<() => void>()
  private tracked: Record<Field, boolean> = { status: false, lastMessage: false, error: false }

  private raw: unknown = undefined
  private parsedFrom: unknown = undefined
  private parsed: T | undefined = undefined
  private ownError: SocketError | null = null
  private seen: { status: SocketStatus; error: SocketError | null }
  private throttleTimer: ReturnType<typeof setTimeout> | undefined

  /** Bumped on every change a subscriber must render; useSyncExternalStore reads it. */
  version = 0

  constructor(
    private readonly registry: SocketRegistry,
    url: string | null,
    options: SocketObserverOptions<T> = {},
  ) {
    this.url = url
    this.options = options
    this.resolveKey()
    this.seen = { status: this.status, error: this.error }
  }

  // Live state, read by getters on the hook's result -----------------------

  get connection(): Connection | undefined {
    if (this.lease) return this.lease.connection
    return this.key === null ? undefined : this.registry.connectionFor(this.key)
  }

  get status(): SocketStatus {
    if (this.invalid) return 'closed'
    if (this.key === null) return 'idle'
    return this.connection?.status ?? 'idle'
  }

  get error(): SocketError | null {
    return this.invalid ?? this.ownError ?? this.lease?.connection.error ?? null
  }

  get lastMessage(): T | undefined {
    this.parseLatest()
    return this.parsed
  }

  track(field: Field): void {
    this.tracked[field] = true
  }

  // Wiring -----------------------------------------------------------------

  /** Takes new options; callbacks apply at once, and a new URL, header or protocols move to another socket. */
  setOptions(url: string | null, options: SocketObserverOptions<T> = {}): void {
    const prev = this.options
    this.options = options
    // Called on every render: skip validation when nothing that picks the socket changed.
    if (
      url === this.url &&
      options.enabled === prev.enabled &&
      options.data === prev.data &&
      options.header === prev.header &&
      options.protocols === prev.protocols &&
      options.tcpNoDelay === prev.tcpNoDelay &&
      options.method === prev.method
    ) {
      return
    }
    const before = this.key
    const wasInvalid = this.invalid
    this.url = url
    this.resolveKey()
    if (this.key === before && this.invalid?.message === wasInvalid?.message) return
    this.raw = this.parsedFrom = this.parsed = undefined
    this.ownError = null
    if (this.subscribers.size > 0) {
      this.detach()
      this.attach()
    }
    this.notify(true)
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.subscribers.add(onChange)
    if (this.subscribers.size === 1) this.attach()
    return () => {
      this.subscribers.delete(onChange)
      if (this.subscribers.size === 0) this.detach()
    }
  }

  getVersion = (): number => this.version

  private resolveKey(): void {
    this.invalid = null
    this.key = null
    if (this.url === null || this.options.enabled === false) return
    try {
      this.key = this.registry.resolve(this.request()).key
    } catch (thrown) {
      this.invalid = isSocketError(thrown) ? thrown : new SocketError('INVALID_OPTIONS', String(thrown))
    }
  }

  private request(): SocketRequest {
    const { data, header, protocols, tcpNoDelay, method } = this.options
    const request: SocketRequest = { url: this.url as string }
    if (data !== undefined) request.data = data
    if (header !== undefined) request.header = header
    if (protocols !== undefined) request.protocols = protocols
    if (tcpNoDelay !== undefined) request.tcpNoDelay = tcpNoDelay
    if (method !== undefined) request.method = method
    return request
  }

  private attach(): void {
    if (this.invalid) {
      this.options.onError?.(this.invalid)
      return
    }
    if (this.key === null || this.lease) return
    this.lease = this.registry.acquire(this.request())
    const listener: ConnectionListener = {
      onChange: () => this.notify(false),
      onOpen: () => this.options.onOpen?.(),
      onMessage: (data) => this.receive(data),
      onError: (error) => this.options.onError?.(error),
      onClose: (event) => this.options.onClose?.(event),
    }
    this.unlisten = this.lease.connection.subscribe(listener)
    this.notify(false)
  }

  private detach(): void {
    clearTimeout(this.throttleTimer)
    this.throttleTimer = undefined
    this.unlisten?.()
    this.unlisten = null
    this.lease?.release()
    this.lease = null
  }

  private receive(data: unknown): void {
    this.raw = data
    const { onMessage } = this.options
    if (onMessage) {
      if (!this.parseLatest()) return
      onMessage(this.parsed as T)
    }
    if (!this.tracked.lastMessage) return
    const throttle = this.options.throttle ?? 0
    if (throttle <= 0) this.bump()
    else if (this.throttleTimer === undefined) {
      this.throttleTimer = setTimeout(() => {
        this.throttleTimer = undefined
        this.bump()
      }, throttle)
    }
  }

  // Parses the newest raw message once, however many times it is read. false on a parse error.
  private parseLatest(): boolean {
    if (this.raw === this.parsedFrom) return true
    const raw = this.raw
    this.parsedFrom = raw
    const { parse } = this.options
    if (!parse) {
      this.parsed = raw as T
      return true
    }
    try {
      this.parsed = parse(raw as RawMessage)
      return true
    } catch (thrown) {
      this.ownError = new SocketError('PARSE_FAILED', 'parse() threw on a received message; it was skipped.', {
        cause: thrown,
      })
      this.options.onError?.(this.ownError)
      // Not during a render that is reading lastMessage: tell subscribers on the next tick.
      if (this.tracked.error) void Promise.resolve().then(() => this.bump())
      return false
    }
  }

  private notify(force: boolean): void {
    const status = this.status
    const error = this.error
    const changed =
      (this.tracked.status && status !== this.seen.status) || (this.tracked.error && error !== this.seen.error)
    this.seen = { status, error }
    if (force || changed) this.bump()
  }

  private bump(): void {
    this.version++
    for (const s of this.subscribers) s()
  }

  // Commands ----------------------------------------------------------------

  send = (data: RawMessage, options?: SendOptions): Promise<void> => {
    const connection = this.lease?.connection
    const result = connection
      ? connection.send(data, options)
      : Promise.reject(
          this.invalid ??
            new SocketError('NOT_OPEN', 'There is no socket to send on: the URL is null, enabled is false, or the component is not mounted.'),
        )
    // The caller gets the rejection; onError hears of it too.
    result.then(undefined, (error: SocketError) => this.options.onError?.(error))
    return result
  }

  sendJson = (value: unknown, options?: SendOptions): Promise<void> => {
    let text: string
    try {
      text = JSON.stringify(value)
    } catch (thrown) {
      return Promise.reject(new SocketError('INVALID_MESSAGE', 'sendJson() could not serialize the value.', { cause: thrown }))
    }
    if (text === undefined) {
      return Promise.reject(new SocketError('INVALID_MESSAGE', 'sendJson() was given a value JSON cannot represent.'))
    }
    return this.send(text, options)
  }

  close = (code?: number, reason?: string): void => {
    validateCloseCode(code)
    validateCloseReason(reason)
    this.lease?.connection.close(code, reason)
  }

  open = (): void => {
    this.ownError = null
    this.lease?.connection.open()
  }
}
