import { validateCloseCode, validateCloseReason } from './close'
import { SocketError, fromPlatformError } from './errors'
import { Outbox, type OutgoingData } from './outbox'
import type { SocketConnectOptions, SocketTaskLike, SocketTransport } from './transport'

export type SocketStatus = 'idle' | 'queued' | 'connecting' | 'open' | 'closing' | 'closed'

// The only moves a connection may make; anything else is a bug in the library.
const TRANSITIONS: Readonly<Record<SocketStatus, readonly SocketStatus[]>> = {
  idle: ['queued', 'closed'],
  queued: ['connecting', 'closed'],
  connecting: ['open', 'closing', 'closed'],
  open: ['closing', 'closed'],
  closing: ['closed'],
  closed: ['queued'],
}

export interface CloseEvent {
  code: number
  reason: string
  /** true when this app asked for the close (close(), release, eviction) */
  wasRequested: boolean
}

export interface ConnectionListener {
  /** status or error changed */
  onChange?(): void
  onOpen?(): void
  onMessage?(data: unknown): void
  onError?(error: SocketError): void
  onClose?(event: CloseEvent): void
}

/** The registry's side of a connection: who may hold a platform socket, and when. */
export interface SlotScheduler {
  /** Asks for a slot; the scheduler calls `grant()` (maybe at once) or fails the connection. */
  request(connection: Connection): void
  /** The connection no longer waits for a slot. */
  cancel(connection: Connection): void
  /** The platform has let go of this connection's socket (onClose fired, or it never opened). */
  release(connection: Connection): void
}

export interface ConnectionConfig {
  key: string
  options: SocketConnectOptions
  connect: SocketTransport
  scheduler: SlotScheduler
  maxQueuedMessages: number
}

let clock = 0

/**
 * One platform socket and its lifecycle, as an explicit state machine:
 * idle → queued → connecting → open → closing → closed (→ queued again on open()).
 *
 * It registers exactly one handler per SocketTask event and fans events out to its
 * listeners, because some runtimes (Taro H5) keep only the last handler given.
 */
export class Connection {
  readonly key: string
  readonly options: SocketConnectOptions
  status: SocketStatus = 'idle'
  error: SocketError | null = null
  /** Recency for least-recently-used eviction. */
  lastUsed = ++clock

  private listeners: ConnectionListener[] = []
  private task: SocketTaskLike | null = null
  // Each connect attempt gets a number; events from an older attempt's task are ignored.
  private attempt = 0
  private holdsSlot = false
  private closeRequest: { code: number; reason?: string } | null = null
  private evicting = false
  private reopenAfterClose = false
  private readonly outbox: Outbox

  constructor(private readonly config: ConnectionConfig) {
    this.key = config.key
    this.options = config.options
    this.outbox = new Outbox(config.maxQueuedMessages)
  }

  get queuedMessages(): number {
    return this.outbox.size
  }

  subscribe(listener: ConnectionListener): () => void {
    // Copy on write: fan-out iterates a stable array with no per-message allocation.
    this.listeners = [...this.listeners, listener]
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener)
    }
  }

  touch(): void {
    this.lastUsed = ++clock
  }

  /** Starts (or restarts) connecting. Harmless while already on the way or open. */
  open(): void {
    this.reopenAfterClose = false
    this.evicting = false
    if (this.status === 'closing') {
      this.reopenAfterClose = true
      return
    }
    if (this.status !== 'idle' && this.status !== 'closed') return
    this.error = null
    this.enqueue()
  }

  private enqueue(): void {
    this.transition('queued')
    this.config.scheduler.request(this)
  }

  /** The scheduler gives this connection a platform slot: connect now. */
  grant(): void {
    if (this.status !== 'queued') return
    this.holdsSlot = true
    this.closeRequest = null
    this.transition('connecting')
    const attempt = ++this.attempt
    let pending: Promise<SocketTaskLike>
    try {
      pending = Promise.resolve(this.config.connect(this.options))
    } catch (thrown) {
      pending = Promise.reject(thrown)
    }
    pending.then(
      (task) => this.attach(task, attempt),
      (reason: unknown) => {
        if (attempt !== this.attempt) return
        this.failConnect(fromPlatformError('CONNECT_FAILED', `Could not connect to ${this.options.url}`, reason))
      },
    )
  }

  /** The scheduler cannot give a slot (overflow: 'reject'). */
  refuse(error: SocketError): void {
    if (this.status !== 'queued') return
    this.error = error
    this.outbox.rejectAll(error)
    this.transition('closed')
    this.emitError(error)
  }

  private attach(task: SocketTaskLike, attempt: number): void {
    if (attempt !== this.attempt) return
    this.task = task
    task.onOpen(() => attempt === this.attempt && this.handleOpen())
    task.onMessage((res) => attempt === this.attempt && this.handleMessage(res))
    task.onError((res) => attempt === this.attempt && this.handleError(res))
    task.onClose((res) => attempt === this.attempt && this.handleClose(res))
    // Some runtimes resolve connectSocket late, after the socket has opened.
    if ((task as { readyState?: unknown }).readyState === 1) this.handleOpen()
  }

  private handleOpen(): void {
    if (this.status !== 'connecting' && this.status !== 'closing') return
    if (this.closeRequest) {
      // A close asked before open: the platforms ignore close() then, so do it now.
      this.closeTask(this.closeRequest)
      return
    }
    this.error = null
    this.transition('open')
    this.outbox.drain((data, resolve, reject) => this.deliver(data, resolve, reject))
    for (const l of this.listeners) l.onOpen?.()
  }

  private handleMessage(res: { data: unknown }): void {
    this.lastUsed = ++clock
    const data = res.data
    const listeners = this.listeners
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onMessage?.(data)
  }

  private handleError(res: unknown): void {
    if (this.status === 'connecting' || (this.status === 'closing' && !this.wasOpened)) {
      this.failConnect(fromPlatformError('CONNECT_FAILED', `Could not connect to ${this.options.url}`, res))
      return
    }
    if (this.status === 'closed') return
    const error = fromPlatformError('CONNECTION_ERROR', 'The socket reported an error', res)
    this.error = error
    this.emitChange()
    this.emitError(error)
  }

  private handleClose(res: { code?: number; reason?: string } | undefined): void {
    if (this.status === 'closed') return
    const requested = this.closeRequest !== null || this.status === 'closing'
    const neverOpened = !this.wasOpened
    this.task = null
    this.attempt++
    const event: CloseEvent = {
      code: typeof res?.code === 'number' ? res.code : 1006,
      reason: typeof res?.reason === 'string' ? res.reason : '',
      wasRequested: requested,
    }
    if (neverOpened && !requested && !this.error) {
      this.error = new SocketError(
        'CONNECT_FAILED',
        `The socket to ${this.options.url} closed before it opened (code ${event.code}).`,
      )
    }
    this.finish(event)
  }

  private failConnect(error: SocketError): void {
    this.task = null
    this.attempt++
    this.error = error
    this.emitError(error)
    this.finish(null)
  }

  // Ends an attempt: closed state, slot back to the registry, unsent messages settled.
  private finish(event: CloseEvent | null): void {
    const evicted = this.evicting
    this.evicting = false
    this.closeRequest = null
    if (!evicted) {
      this.outbox.rejectAll(
        this.error ?? new SocketError('NOT_OPEN', 'The socket closed before this message could be sent; call open() and send again.'),
      )
    }
    this.transition('closed')
    if (event) for (const l of this.listeners) l.onClose?.(event)
    if (this.holdsSlot) {
      this.holdsSlot = false
      this.config.scheduler.release(this)
    }
    // Evicted users wait for the next free slot, keeping the EVICTED error and unsent messages.
    if (evicted) this.enqueue()
    else if (this.reopenAfterClose) this.open()
  }

  private get wasOpened(): boolean {
    return this.openedAttempt === this.attempt
  }
  private openedAttempt = -1

  /**
   * Closes for every user. Validates first and throws SocketError on a bad code or reason.
   * Before open, the close waits for the socket to open (or fail), then happens.
   */
  close(code?: number, reason?: string): void {
    const request = { code: validateCloseCode(code), reason: validateCloseReason(reason) }
    this.reopenAfterClose = false
    this.evicting = false
    this.shutdown(request)
  }

  /** The registry takes the socket for another connection; users get EVICTED and wait in the queue. */
  evict(): void {
    if (this.status !== 'open' && this.status !== 'connecting') return
    const error = new SocketError(
      'EVICTED',
      'This socket was closed to make room for a newer one (overflow: "evict"); it reconnects when a slot frees.',
    )
    this.error = error
    this.evicting = true
    this.shutdown({ code: 1000, reason: 'evicted' })
    this.emitError(error)
  }

  private shutdown(request: { code: number; reason?: string }): void {
    switch (this.status) {
      case 'idle':
      case 'closed':
      case 'closing':
        return
      case 'queued':
        this.config.scheduler.cancel(this)
        this.finish(null)
        return
      case 'connecting':
        this.closeRequest = request
        if (!this.evicting) this.rejectQueuedSends()
        this.transition('closing')
        return
      case 'open':
        this.transition('closing')
        this.closeTask(request)
    }
  }

  private rejectQueuedSends(): void {
    this.outbox.rejectAll(new SocketError('NOT_OPEN', 'The socket was closed before this message could be sent.'))
  }

  private closeTask(request: { code: number; reason?: string }): void {
    this.closeRequest = request
    const task = this.task
    if (!task) return
    try {
      task.close({ code: request.code, ...(request.reason !== undefined ? { reason: request.reason } : {}) })
    } catch (thrown) {
      this.failConnect(fromPlatformError('CONNECTION_ERROR', 'Closing the socket failed', thrown))
    }
  }

  /**
   * Resolves once the data is handed to the open socket; before open it waits in order.
   * Rejects with SocketError (NOT_OPEN, QUEUE_FULL, SEND_FAILED, INVALID_MESSAGE).
   */
  send(data: OutgoingData): Promise<void> {
    if (typeof data !== 'string' && !isArrayBuffer(data)) {
      return Promise.reject(
        new SocketError('INVALID_MESSAGE', 'send() takes a string or an ArrayBuffer; use sendJson() for objects.'),
      )
    }
    this.lastUsed = ++clock
    switch (this.status) {
      case 'open':
        return new Promise<void>((resolve, reject) => this.deliver(data, resolve, reject))
      case 'idle':
      case 'queued':
      case 'connecting':
        return this.outbox.push(data)
      default:
        return Promise.reject(
          new SocketError('NOT_OPEN', `The socket is ${this.status}; call open() before sending.`),
        )
    }
  }

  private deliver(data: OutgoingData, resolve: () => void, reject: (e: SocketError) => void): void {
    const task = this.task
    if (!task) {
      reject(new SocketError('NOT_OPEN', 'The socket is not open.'))
      return
    }
    try {
      const result = task.send({
        data,
        success: () => resolve(),
        fail: (res) => reject(fromPlatformError('SEND_FAILED', 'The platform could not send the message', res)),
      })
      // Taro H5 also returns a promise that rejects alongside `fail`; it is handled there.
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        ;(result as Promise<unknown>).then(undefined, () => undefined)
      }
    } catch (thrown) {
      reject(fromPlatformError('SEND_FAILED', 'The platform could not send the message', thrown))
    }
  }

  private transition(to: SocketStatus): void {
    if (!TRANSITIONS[this.status].includes(to)) {
      throw new Error(`taro-socket-hooks: illegal transition ${this.status} → ${to}`)
    }
    if (to === 'open') this.openedAttempt = this.attempt
    this.status = to
    this.emitChange()
  }

  private emitChange(): void {
    for (const l of this.listeners) l.onChange?.()
  }

  private emitError(error: SocketError): void {
    for (const l of this.listeners) l.onError?.(error)
  }
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return (
    value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]'
  )
}
