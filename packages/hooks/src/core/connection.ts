import { classifyEnding, reconnectDelay, shouldReconnect, type ReconnectPolicy } from './backoff'
import { utf8ByteLength, validateCloseCode, validateCloseReason } from './close'
import { SocketError, fromPlatformError } from './errors'
import { Heartbeat, type HeartbeatPolicy } from './heartbeat'
import { redact } from './url'
import { Outbox, type OutgoingData, type SendOptions } from './outbox'
import type { SocketConnectOptions, SocketTaskLike, SocketTransport } from './transport'

export type SocketStatus = 'idle' | 'queued' | 'connecting' | 'open' | 'closing' | 'reconnecting' | 'closed'

// The only moves a connection may make; anything else is a bug in the library.
const TRANSITIONS: Readonly<Record<SocketStatus, readonly SocketStatus[]>> = {
  idle: ['queued', 'closed'],
  queued: ['connecting', 'closed'],
  connecting: ['open', 'closing', 'reconnecting', 'closed'],
  open: ['closing', 'reconnecting', 'closed'],
  closing: ['closed'],
  reconnecting: ['queued', 'closed'],
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
  /**
   * Asks for a slot; the scheduler calls `grant()` (maybe at once) or `refuse()`. A connection
   * that still holds its slot (reconnecting) keeps it and is never refused.
   */
  request(connection: Connection): void
  /** The connection no longer waits for a slot. */
  cancel(connection: Connection): void
  /** The connection has let go of its slot (closed for good, or evicted). */
  release(connection: Connection): void
  /**
   * A socket the connection gave up on that the platform still counts (a handshake that never
   * finished): it takes a slot of its own until the returned function is called.
   */
  holdAbandoned(): () => void
  /** Whether anyone still uses this connection; nobody does during its release delay. */
  wanted(connection: Connection): boolean
  /** The app is in the background. */
  readonly appHidden: boolean
}

export interface ConnectionPolicy {
  reconnect: ReconnectPolicy | null
  heartbeat: HeartbeatPolicy | null
  /** ms a handshake may take before it counts as failed (CONNECT_TIMEOUT). */
  connectTimeout: number
  /** ms to wait for the platform's onClose after close() before counting the socket closed. */
  closeTimeout: number
  /**
   * ms the platform itself may keep a handshake going (WeChat's networkTimeout.connectSocket,
   * 60 000 by default): a handshake given up on counts against the limit until it reports its
   * close or error, or this long.
   */
  platformConnectTimeout: number
  maxQueuedMessages: number
  /** Larger sends are rejected with MESSAGE_TOO_LARGE; Infinity for no limit. */
  maxMessageBytes: number
  random?: () => number
}

export interface ConnectionConfig {
  key: string
  options: SocketConnectOptions
  connect: SocketTransport
  scheduler: SlotScheduler
  policy: ConnectionPolicy
}

let clock = 0

/**
 * One platform socket and its lifecycle, as an explicit state machine:
 * idle → queued → connecting → open → closing → closed, with reconnecting between a
 * drop and the next attempt.
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
  /** Reconnect attempts in a row since the socket was last healthy. */
  retries = 0

  private listeners: ConnectionListener[] = []
  private task: SocketTaskLike | null = null
  // Each connect attempt gets a number; events from an older attempt's task are ignored.
  private attempt = 0
  private openedAttempt = -1
  private openedAt = 0
  private holdsSlot = false
  private closeRequest: { code: number; reason?: string } | null = null
  private evicting = false
  private reopenAfterClose = false
  private timer: ReturnType<typeof setTimeout> | undefined
  // Attempts whose handshake was given up on while the platform may still count the socket.
  private readonly abandoned = new Map<number, () => void>()
  private readonly outbox: Outbox
  private readonly heartbeat: Heartbeat | null

  constructor(private readonly config: ConnectionConfig) {
    this.key = config.key
    this.options = config.options
    this.outbox = new Outbox(config.policy.maxQueuedMessages)
    const hb = config.policy.heartbeat
    this.heartbeat = hb
      ? new Heartbeat(
          hb,
          (data) => void this.send(data, { replay: false }).catch(() => undefined),
          () => this.die(new SocketError('HEARTBEAT_TIMEOUT', `No answer to a heartbeat within ${hb.timeout} ms; reconnecting.`)),
        )
      : null
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

  /** Starts (or restarts) connecting, with a fresh retry count. Harmless while on the way or open. */
  open(): void {
    this.reopenAfterClose = false
    this.evicting = false
    this.retries = 0
    if (this.status === 'closing') {
      this.reopenAfterClose = true
      return
    }
    if (this.status === 'reconnecting') {
      clearTimeout(this.timer)
      this.enqueue()
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
    this.timer = setTimeout(() => {
      if (attempt !== this.attempt || this.status === 'open') return
      if (this.status === 'closing') {
        // Closed before open and the handshake never finished: nothing left to wait for.
        this.abandon()
        return
      }
      this.die(
        new SocketError('CONNECT_TIMEOUT', `The handshake with ${redact(this.options.url)} took over ${this.config.policy.connectTimeout} ms.`),
      )
    }, this.config.policy.connectTimeout)
    let pending: Promise<SocketTaskLike>
    try {
      pending = Promise.resolve(this.config.connect(this.options))
    } catch (thrown) {
      pending = Promise.reject(thrown)
    }
    pending.then(
      (task) => this.attach(task, attempt),
      (reason: unknown) => {
        if (attempt !== this.attempt) return this.letGo(attempt)
        this.fail(fromPlatformError('CONNECT_FAILED', `Could not connect to ${redact(this.options.url)}`, reason))
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
    const current = () => attempt === this.attempt
    // A task this connection gave up on (timed out, declared dead) is closed if it ever opens,
    // and stops counting against the limit once the platform reports it closed or failed.
    task.onOpen(() => (current() ? this.handleOpen() : closeQuietly(task)))
    task.onMessage((res) => current() && this.handleMessage(res))
    task.onError((res) => (current() ? this.handleError(res) : this.letGo(attempt)))
    task.onClose((res) => (current() ? this.handleClose(res) : this.letGo(attempt)))
    if (!current()) {
      if (readyState(task) === 3) this.letGo(attempt)
      return
    }
    this.task = task
    // Some runtimes resolve connectSocket late, after the socket has opened.
    if (readyState(task) === 1) this.handleOpen()
  }

  private handleOpen(): void {
    if (this.status !== 'connecting' && this.status !== 'closing') return
    clearTimeout(this.timer)
    if (this.closeRequest) {
      // A close asked before open: the platforms ignore close() then, so do it now.
      this.closeTask(this.closeRequest)
      return
    }
    this.error = null
    this.openedAt = Date.now()
    this.transition('open')
    this.outbox.drain((...args) => this.deliver(...args))
    this.heartbeat?.start()
    for (const l of this.listeners) l.onOpen?.()
  }

  private handleMessage(res: { data: unknown }): void {
    this.lastUsed = ++clock
    this.heartbeat?.alive()
    const data = res.data
    const listeners = this.listeners
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onMessage?.(data)
  }

  private handleError(res: unknown): void {
    if (this.status === 'connecting' || (this.status === 'closing' && !this.wasOpened)) {
      this.fail(fromPlatformError('CONNECT_FAILED', `Could not connect to ${redact(this.options.url)}`, res))
      return
    }
    if (this.status !== 'open' && this.status !== 'closing') return
    const error = fromPlatformError('CONNECTION_ERROR', 'The socket reported an error', res)
    this.error = error
    this.emitChange()
    this.emitError(error)
  }

  private handleClose(res: { code?: number; reason?: string } | undefined): void {
    const requested = this.closeRequest !== null || this.status === 'closing'
    const event: CloseEvent = {
      code: typeof res?.code === 'number' ? res.code : 1006,
      reason: typeof res?.reason === 'string' ? res.reason : '',
      wasRequested: requested,
    }
    if (!this.wasOpened && !requested && !this.error) {
      this.error = new SocketError('CONNECT_FAILED', `The socket to ${redact(this.options.url)} closed before it opened (code ${event.code}).`)
    }
    this.end(event, event.code, event.reason)
  }

  /** A failure before open: the platform refused, the handshake failed. */
  private fail(error: SocketError): void {
    this.error = error
    this.emitError(error)
    this.end(null, null)
  }

  /** The socket is unusable but the platform did not say so (timeout, silent kill): drop it and move on. */
  private die(error: SocketError): void {
    if (this.status !== 'connecting' && this.status !== 'open') return
    const task = this.task
    if (this.status === 'connecting') this.holdAbandoned(task)
    this.error = error
    this.emitError(error)
    const wasOpen = this.status === 'open'
    this.end(wasOpen ? { code: 1006, reason: error.message, wasRequested: false } : null, null)
    if (task) closeQuietly(task)
  }

  // Ends an attempt: closed (slot back to the registry), queued again (evicted) or reconnecting
  // (keeping its slot, so that sockets that were open do not lose their place to newcomers).
  private end(event: CloseEvent | null, code: number | null, reason?: string): void {
    if (this.status === 'closed' || this.status === 'reconnecting' || this.status === 'idle' || this.status === 'queued') return
    clearTimeout(this.timer)
    this.heartbeat?.stop()
    this.task = null
    const requested = event?.wasRequested ?? this.closeRequest !== null
    const evicted = this.evicting
    if (this.wasOpened && Date.now() - this.openedAt >= (this.config.policy.reconnect?.stableAfter ?? Infinity)) {
      this.retries = 0
    }
    this.attempt++
    this.evicting = false
    this.closeRequest = null

    const { scheduler } = this.config
    const ending = { code, ...(reason !== undefined ? { reason } : {}), requested, hidden: scheduler.appHidden }
    // The platform cut it while the app is away: reconnect when the app comes back, not before.
    const waitForShow = classifyEnding(ending) === 'interrupted' && scheduler.appHidden
    let next: SocketStatus = 'closed'
    if (evicted) next = 'queued'
    else if (!scheduler.wanted(this)) next = 'closed' // nobody uses it any more: nothing to reconnect for
    else if (shouldReconnect(ending, this.retries, this.config.policy.reconnect)) next = 'reconnecting'
    else if (!requested && this.config.policy.reconnect && this.retries >= this.config.policy.reconnect.maxAttempts && this.retries > 0) {
      this.error = new SocketError('RECONNECT_FAILED', `Gave up reconnecting to ${redact(this.options.url)} after ${this.retries} attempts; call open() to try again.`, {
        cause: this.error ?? undefined,
      })
      this.emitError(this.error)
    }

    if (next === 'closed') {
      this.outbox.rejectAll(
        this.error ?? new SocketError('NOT_OPEN', 'The socket closed before this message could be sent; call open() and send again.'),
      )
    } else if (next === 'reconnecting') {
      this.outbox.rejectUnreplayable(new SocketError('NOT_OPEN', 'The socket dropped before this message (replay: false) could be sent.'))
    }

    this.transition(next === 'reconnecting' ? 'reconnecting' : 'closed')
    if (event) for (const l of this.listeners) l.onClose?.(event)
    if (next !== 'reconnecting') this.releaseSlot()
    if (next === 'queued') {
      // Evicted users wait for the next free slot, keeping the EVICTED error and unsent messages.
      this.enqueue()
    } else if (next === 'reconnecting') {
      if (waitForShow) return // check() on show reconnects at once, with fresh retries
      const delay = reconnectDelay(this.retries, this.config.policy.reconnect!, this.config.policy.random)
      this.retries++
      this.timer = setTimeout(() => this.status === 'reconnecting' && this.enqueue(), delay)
    } else if (this.reopenAfterClose) {
      this.open()
    }
  }

  private get wasOpened(): boolean {
    return this.openedAttempt === this.attempt
  }

  /**
   * Closes for every user, for good (no reconnect). Validates first and throws SocketError
   * on a bad code or reason. Before open, the close waits for the socket to open (or fail).
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
      case 'reconnecting':
        clearTimeout(this.timer)
        if (this.status === 'queued') this.config.scheduler.cancel(this)
        this.outbox.rejectAll(new SocketError('NOT_OPEN', 'The socket was closed before this message could be sent.'))
        this.transition('closed')
        this.releaseSlot()
        return
      case 'connecting':
        this.closeRequest = request
        if (!this.evicting) this.outbox.rejectAll(new SocketError('NOT_OPEN', 'The socket was closed before this message could be sent.'))
        this.transition('closing')
        return
      case 'open':
        this.heartbeat?.stop()
        this.transition('closing')
        this.closeTask(request)
    }
  }

  private closeTask(request: { code: number; reason?: string }): void {
    this.closeRequest = request
    const task = this.task
    if (!task) return
    const before = readyState(task)
    try {
      task.close({ code: request.code, ...(request.reason !== undefined ? { reason: request.reason } : {}) })
    } catch (thrown) {
      this.error = fromPlatformError('CONNECTION_ERROR', 'Closing the socket failed', thrown)
      this.abandon()
      return
    }
    // A socket the platform already dropped without telling (background kill) never reports
    // onClose; neither may a platform that loses the close. Do not hold the slot forever.
    if (before === 2 || before === 3 || readyState(task) === 3) this.abandon()
    else {
      const attempt = this.attempt
      this.timer = setTimeout(() => attempt === this.attempt && this.abandon(), this.config.policy.closeTimeout)
    }
  }

  // The app asked for this close, and the platform will not (or did not) confirm it.
  private abandon(): void {
    const task = this.task
    // A handshake that never finished still counts on the platform (a close before open does nothing there).
    if (!this.wasOpened) this.holdAbandoned(task)
    this.end({ code: 1006, reason: 'closed without confirmation', wasRequested: true }, null)
    if (task) closeQuietly(task)
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return
    this.holdsSlot = false
    this.config.scheduler.release(this)
  }

  // The current attempt's socket is given up on while the platform may still count it.
  private holdAbandoned(task: SocketTaskLike | null): void {
    if (task && readyState(task) === 3) return
    const attempt = this.attempt
    const free = this.config.scheduler.holdAbandoned()
    const timer = setTimeout(() => this.letGo(attempt), this.config.policy.platformConnectTimeout)
    this.abandoned.set(attempt, () => {
      clearTimeout(timer)
      free()
    })
  }

  // The platform no longer counts that attempt's socket.
  private letGo(attempt: number): void {
    const free = this.abandoned.get(attempt)
    if (!free) return
    this.abandoned.delete(attempt)
    free()
  }

  // App lifecycle, driven by the registry ------------------------------------

  /** The app went to the background: no heartbeats, which would only wake the radio. */
  pause(): void {
    this.heartbeat?.stop()
  }

  /**
   * The app is back, or the network is. A socket the platform killed silently is dropped
   * and reconnected at once, with a fresh retry count; a waiting reconnect runs now.
   */
  check(): void {
    if (this.status === 'reconnecting') {
      this.open()
      return
    }
    if (this.status !== 'open') return
    const task = this.task
    if (task && readyState(task) !== undefined && readyState(task) !== 1) {
      this.die(new SocketError('CONNECTION_ERROR', 'The platform closed the socket while the app was away; reconnecting.'))
      // die() moved on to reconnecting (TS cannot see that): skip the backoff wait.
      if ((this.status as SocketStatus) === 'reconnecting') this.open()
      return
    }
    this.heartbeat?.start()
    this.heartbeat?.probe()
  }

  /**
   * Resolves once the data is handed to the open socket; before open it waits in order.
   * Rejects with SocketError (NOT_OPEN, QUEUE_FULL, MESSAGE_EXPIRED, SEND_FAILED, INVALID_MESSAGE).
   */
  send(data: OutgoingData, options: SendOptions = {}): Promise<void> {
    if (typeof data !== 'string' && !isArrayBuffer(data)) {
      return Promise.reject(
        new SocketError('INVALID_MESSAGE', 'send() takes a string or an ArrayBuffer; use sendJson() for objects.'),
      )
    }
    const limit = this.config.policy.maxMessageBytes
    if (limit !== Infinity) {
      const bytes = typeof data === 'string' ? utf8ByteLength(data) : data.byteLength
      if (bytes > limit) {
        return Promise.reject(
          new SocketError('MESSAGE_TOO_LARGE', `The message is ${bytes} bytes; maxMessageBytes allows ${limit}. Split it or raise the limit.`),
        )
      }
    }
    this.lastUsed = ++clock
    switch (this.status) {
      case 'open':
        return new Promise<void>((resolve, reject) => this.deliver(data, resolve, reject, options.replay !== false))
      case 'reconnecting':
        if (options.replay === false) {
          return Promise.reject(new SocketError('NOT_OPEN', 'The socket is reconnecting and this message is marked replay: false.'))
        }
        return this.outbox.push(data, options)
      case 'idle':
      case 'queued':
      case 'connecting':
        return this.outbox.push(data, options)
      default:
        return Promise.reject(new SocketError('NOT_OPEN', `The socket is ${this.status}; call open() before sending.`))
    }
  }

  private deliver(data: OutgoingData, resolve: () => void, reject: (e: SocketError) => void, replay: boolean): void {
    const task = this.task
    if (!task) {
      reject(new SocketError('NOT_OPEN', 'The socket is not open.'))
      return
    }
    const failed = (res: unknown) => {
      // The socket was already going down (its close not yet reported): the message never
      // left, so it waits for the next open like any other, unless it may not be replayed.
      const closing = task !== this.task || (readyState(task) !== undefined && readyState(task) !== 1)
      if (closing && replay && this.status !== 'closed' && this.status !== 'closing') {
        this.outbox.putBack(data, resolve, reject, replay)
        if (this.status === 'open' && task !== this.task) this.outbox.drain((...args) => this.deliver(...args))
        return
      }
      reject(fromPlatformError('SEND_FAILED', 'The platform could not send the message', res))
    }
    try {
      const result = task.send({ data, success: () => resolve(), fail: failed })
      // Taro H5 also returns a promise that rejects alongside `fail`; it is handled there.
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        ;(result as Promise<unknown>).then(undefined, () => undefined)
      }
    } catch (thrown) {
      failed(thrown)
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

function readyState(task: SocketTaskLike): number | undefined {
  const state = (task as { readyState?: unknown }).readyState
  return typeof state === 'number' ? state : undefined
}

function closeQuietly(task: SocketTaskLike): void {
  try {
    task.close({ code: 1000 })
  } catch {
    // the task is being abandoned; nothing to report
  }
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]'
}
