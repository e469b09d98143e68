import { startAttempt, type Attempt, type AttemptEvents } from './attempt'
import type { ReconnectPolicy } from './backoff'
import type { Clock } from './clock'
import { utf8ByteLength, validateCloseCode, validateCloseReason } from './close'
import { fromPlatformError, isSocketError, socketError, type SocketError } from './errors'
import type { HandshakeFeature, WrapAttempt } from './handshake'
import type { HeartbeatFeature, StartHeartbeat } from './heartbeat'
import { Do, INITIAL, On, transition, type CloseEvent, type Effect, type MachineEvent, type SocketStatus } from './machine'
import { createOutbox, type Outgoing, type OutgoingData, type SendData, type SendOptions } from './outbox'
import type { ConnectContext } from './request'
import type { Serial } from './serial'
import type { Tap, TapFor, TraceFeature } from './trace'
import type { SocketConnectOptions, SocketTransport } from './types'

export interface ConnectionListener {
  /** status, error or the number of queued messages changed */
  onChange?(): void
  onOpen?(): void
  onMessage?(data: unknown): void
  onError?(error: SocketError): void
  onClose?(event: CloseEvent): void
  /**
   * The app went to the background.
   * @internal
   */
  pause?(): void
  /**
   * The app is back and the socket is still open.
   * @internal
   */
  resume?(): void
}

/** What an optional feature (heartbeat(), handshake()) is given of one connection: its socket, directly. */
export interface ConnectionPort {
  readonly view: Connection
  readonly policy: ConnectionPolicy
  /**
   * Sends straight to the open socket, ahead of the queue, never queued or replayed; `failed` hears
   * of a send the platform refused. Throws SocketError on data it cannot send.
   */
  send(data: SendData, failed: (res: unknown) => void, traced?: 'send' | 'heartbeat'): void
  /** Gives the socket up with this error: it ends, and the reconnect policy applies. */
  abandon(error: SocketError): void
}

/** A shared socket as its users see it: read-only state and the commands that apply to every user. */
export interface Connection {
  /** Equal keys share one socket: normalized URL + protocols + header. */
  readonly key: string
  readonly status: SocketStatus
  readonly error: SocketError | null
  /** Reconnect attempts in a row since the socket was last healthy. */
  readonly retries: number
  /** Messages waiting for the socket to open. */
  readonly queued: number
  subscribe(listener: ConnectionListener): () => void
  /**
   * Resolves once the data is handed to the open socket; before open it waits in order.
   * Rejects with SocketError (NOT_OPEN, QUEUE_FULL, MESSAGE_EXPIRED, SEND_FAILED, INVALID_MESSAGE, MESSAGE_TOO_LARGE).
   */
  send(data: SendData, options?: SendOptions): Promise<void>
  /** Closes for every user, for good (no reconnect). Throws SocketError on a bad code or reason. */
  close(code?: number, reason?: string): void
  /** Starts (or restarts) connecting with a fresh retry count. Harmless while on the way or open. */
  open(): void
}

/** A slot request granted at once, or waiting (for a later grant()); a const enum, like `Do`. */
export const enum Slot {
  granted,
  waiting,
}

/** What a slot request comes to at once: a grant, a wait, or a refusal. */
export type SlotOutcome = Slot | SocketError

/** The registry's side of a connection: who may hold a platform slot, and when. */
export interface SlotScheduler {
  /** Asks for a slot; a wait ends with the connection's grant(). */
  request(connection: ConnectionHandle): SlotOutcome
  /** The connection no longer waits for a slot. */
  cancel(connection: ConnectionHandle): void
  /** The connection has let go of its slot (closed for good, or evicted). Idempotent. */
  release(connection: ConnectionHandle): void
  /** A socket given up on that the platform still counts: holds a slot until the returned function runs. */
  holdAbandoned(): () => void
  /** Whether anyone still uses the connection; nobody does during its release delay. */
  wanted(connection: ConnectionHandle): boolean
  /** The app used the connection (acquired it, sent on it): it moves to the back of the eviction order. */
  used(connection: ConnectionHandle): void
  /** The app is in the background. */
  readonly hidden: boolean
  /** The registry's job queue: events wait their turn instead of re-entering. */
  readonly serial: Serial
}

export interface ConnectionPolicy {
  reconnect: ReconnectPolicy | null
  heartbeat: HeartbeatFeature | null
  /** ms a handshake may take before it counts as failed (CONNECT_TIMEOUT). */
  connectMs: number
  /** ms to wait for the platform's onClose after close() before counting the socket closed. */
  closeMs: number
  /** ms the platform itself may keep a handshake going; a handshake given up on counts until then. */
  platformConnectMs: number
  /** maxQueuedMessages: messages kept while the socket is not open. */
  queueLimit: number
  /** Larger sends are rejected with MESSAGE_TOO_LARGE; Infinity for no limit. */
  byteLimit: number
  /** Every task drives one global socket (Taro's Alipay runtime outside multiple-task mode). */
  globalSocket?: boolean | undefined
  /** ms before retry number `retry` (0-based). */
  backoff(retry: number): number
  clock: Clock
  trace?: TraceFeature | undefined
}

export interface ConnectionConfig {
  key: string
  options: SocketConnectOptions
  /** Asks the request's functions (url, data, header) for one connect's options. */
  build?: ((context: ConnectContext) => Promise<SocketConnectOptions>) | undefined
  /** Runs on every open before anything else is sent. */
  handshake?: HandshakeFeature | undefined
  connect: SocketTransport
  scheduler: SlotScheduler
  policy: ConnectionPolicy
}

/** What the registry holds: the connection's public view, and the controls only the registry uses. */
export interface ConnectionHandle {
  readonly view: Connection
  grant(): void
  evict(): void
  /** The app went to the background. */
  pause(): void
  /** The app or the network is back. */
  check(): void
}

const isArrayBuffer = (value: unknown): value is ArrayBuffer => value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]'

// Exactly a view's bytes, as the ArrayBuffer the platforms take (a copy: slice() also turns a
// SharedArrayBuffer's bytes into a plain ArrayBuffer).
const bytesOf = (view: ArrayBufferView): ArrayBuffer => new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice().buffer

const noop = (): void => {}

/** What the platforms take, from what a send was given (a view reduced to its bytes); a SocketError for anything else. */
function outgoing(input: SendData, maxBytes: number): OutgoingData | SocketError {
  const data: unknown = ArrayBuffer.isView(input) ? bytesOf(input) : input
  if (typeof data !== 'string' && !isArrayBuffer(data)) {
    // Its type by name ('Blob', 'Object', 'Null'), so the message says what was given.
    return socketError('INVALID_MESSAGE', { got: `A value of type ${Object.prototype.toString.call(data).slice('[object '.length, -1)}` })
  }
  // Counted only under a limit: UTF-8 length takes a pass over the text.
  let bytes = 0
  if (maxBytes !== Infinity) bytes = typeof data === 'string' ? utf8ByteLength(data) : data.byteLength
  return bytes > maxBytes ? socketError('MESSAGE_TOO_LARGE', { n: bytes, limit: maxBytes }) : data
}

/**
 * One shared socket: the state machine (machine.ts) decides, this carries out its effects with
 * one attempt at a time (attempt.ts) and the queue of unsent messages. Optional features plug in
 * through a port: the heartbeat listens like a user, a handshake stands between attempt and connection.
 */
export function createConnection(config: ConnectionConfig): ConnectionHandle {
  const { key, scheduler, policy } = config
  const { clock } = policy
  // For error messages and traces, which take the query off (redact).
  const url = config.options.url || 'the URL function'
  let state = INITIAL
  let listeners: ConnectionListener[] = []
  // The listeners with an onMessage, apart: the per-message path is a plain loop.
  let hearers: ConnectionListener[] = []
  let attempt: Attempt | null = null
  let retryTimer: unknown
  // Copy on write: fan-out iterates a stable array with no per-message allocation.
  const listen = (next: ConnectionListener[]): void => {
    listeners = next
    hearers = next.filter((l) => l.onMessage)
  }
  // Inside a step: changes to the queue are told once, at its end.
  let stepping = false
  let queueChanged = false
  const tap: Tap | undefined = policy.trace ? (policy.trace as unknown as TapFor)(url) : undefined

  // Tells every listener, through the callback of that name.
  const notify = <K extends keyof ConnectionListener>(name: K, arg?: Parameters<NonNullable<ConnectionListener[K]>>[0]): void => {
    const current = listeners
    for (let i = 0; i < current.length; i++) {
      const callback = current[i]![name] as ((arg: unknown) => void) | undefined
      if (callback) callback(arg)
    }
  }
  const outbox = createOutbox(
    policy.queueLimit,
    () => {
      if (stepping) queueChanged = true
      else notify('onChange')
    },
    clock,
  )

  // One event: the machine's step, then its effects, in the registry's turn.
  const dispatch = (event: MachineEvent): void =>
    scheduler.serial.run(() => {
      const before = state
      const step = transition(state, event, {
        policy: policy.reconnect,
        wanted: scheduler.wanted(handle),
        hidden: scheduler.hidden,
        url,
        backoff: policy.backoff,
      })
      state = step.state
      stepping = true
      try {
        if (state.status !== before.status || state.error !== before.error) notify('onChange')
        for (const effect of step.effects) {
          if (tap) tap(effect, state)
          run(effect)
        }
      } finally {
        stepping = false
      }
      if (queueChanged) {
        queueChanged = false
        notify('onChange')
      }
    })

  const run = (effect: Effect): void => {
    switch (effect[0]) {
      case Do.requestSlot: {
        const outcome = scheduler.request(handle)
        if (outcome === Slot.granted) dispatch({ type: On.slotGranted })
        else if (outcome !== Slot.waiting) dispatch({ type: On.slotRefused, error: outcome })
        else if (tap) tap(['wait'], state)
        return
      }
      case Do.cancelSlot:
        return scheduler.cancel(handle)
      case Do.releaseSlot:
        return scheduler.release(handle)
      case Do.connect:
        return connect()
      case Do.closeSocket:
        if (attempt) attempt.close(effect[1])
        return
      case Do.drain:
        return drain()
      case Do.rejectQueue:
        return outbox.rejectAll(effect[1])
      case Do.rejectUnreplayable:
        return outbox.rejectNoReplay(socketError('NOT_OPEN', { detail: 'droppedNoReplay' }))
      case Do.scheduleRetry:
        retryTimer = clock.setTimeout(() => dispatch({ type: On.retry }), effect[1])
        return
      case Do.cancelRetry:
        return clock.clearTimeout(retryTimer)
      case Do.emitOpen:
        return notify('onOpen')
      case Do.emitClose:
        return notify('onClose', effect[1])
      case Do.emitError:
        return notify('onError', effect[1])
    }
  }

  const drain = (): void => {
    for (const message of outbox.takeAll()) deliver(message)
  }

  const connect = (): void => {
    const { build, handshake } = config
    const context: ConnectContext = { attempt: state.retries, authFailed: state.authFailures > 0 }
    const events: AttemptEvents = {
      opened: () => dispatch({ type: On.socketOpened, at: clock.now() }),
      message: received,
      error: (error) => dispatch({ type: On.error, error }),
      ended(ending) {
        attempt = null
        dispatch({ type: On.socketEnded, at: clock.now(), ...ending })
      },
    }
    attempt = startAttempt(
      {
        ...policy,
        connect: config.connect,
        options: build ? () => build(context) : config.options,
        url,
        holdAbandoned: scheduler.holdAbandoned,
      },
      // A handshake stands between the socket and the connection until it is done.
      handshake ? (handshake as unknown as WrapAttempt)(events, port, context) : events,
    )
  }

  const received = (data: unknown): void => {
    if (tap) tap(['receive', data], state)
    const current = hearers
    for (let i = 0; i < current.length; i++) current[i]!.onMessage!(data)
  }

  const deliver = (message: Outgoing): void => {
    const current = attempt
    if (!current) {
      message.reject(socketError('NOT_OPEN', { detail: 'notOpen' }))
      return
    }
    if (tap) tap(['send', message.data], state)
    current.send(message.data, message.resolve, (res) => {
      // The socket was already going down (its close not yet reported): the message never left,
      // so it waits for the next open like any other, unless it may not be replayed.
      const { status } = state
      if ((current !== attempt || current.alive === false) && message.replay && status !== 'closed' && status !== 'closing') {
        outbox.putBack(message)
        if (status === 'open' && current !== attempt) drain()
      } else message.reject(fromPlatformError('SEND_FAILED', {}, res))
    })
  }

  const open = (): void => dispatch({ type: On.open })

  const view: Connection = {
    key,
    get status() {
      return state.status
    },
    get error() {
      return state.error
    },
    get retries() {
      return state.retries
    },
    get queued() {
      return outbox.size
    },
    subscribe(listener) {
      listen([...listeners, listener])
      return () => listen(listeners.filter((l) => l !== listener))
    },
    send(input, options = {}) {
      const data = outgoing(input, policy.byteLimit)
      if (isSocketError(data)) return Promise.reject(data)
      scheduler.used(handle)
      const replay = options.replay !== false
      const { status } = state
      if (status === 'open') return new Promise<void>((resolve, reject) => deliver({ data, replay, resolve, reject }))
      if (status === 'reconnecting' && !replay) {
        return Promise.reject(socketError('NOT_OPEN', { detail: 'reconnectingNoReplay' }))
      }
      if (status === 'closed' || status === 'closing') return Promise.reject(socketError('NOT_OPEN', { detail: 'notOpen', got: status }))
      return outbox.push(data, options)
    },
    close(code, reason) {
      dispatch({ type: On.close, request: { code: validateCloseCode(code), reason: validateCloseReason(reason) } })
    },
    open,
  }

  const handle: ConnectionHandle = {
    view,
    grant: () => dispatch({ type: On.slotGranted }),
    evict: () => dispatch({ type: On.evict, error: socketError('EVICTED') }),
    pause: () => notify('pause'),
    check() {
      if (state.status === 'open') {
        // The platform dropped the socket while the app was away and said nothing.
        if (attempt && attempt.alive === false) attempt.abandon(socketError('CONNECTION_ERROR', { url, detail: 'killedAway' }))
        else notify('resume')
      }
      // Cut while away, or waiting out a backoff: reconnect now, with a fresh retry count.
      if (state.status === 'reconnecting') open()
    },
  }

  const port: ConnectionPort = {
    view,
    policy,
    send(input, failed, traced = 'send') {
      const data = outgoing(input, policy.byteLimit)
      if (isSocketError(data)) throw data
      if (tap) tap([traced, data], state)
      if (attempt) attempt.send(data, noop, failed)
    },
    abandon(error) {
      if (attempt) attempt.abandon(error)
    },
  }
  // The heartbeat listens like any user: it runs while the socket is open, and hears every message.
  if (policy.heartbeat) view.subscribe((policy.heartbeat as unknown as StartHeartbeat)(port))
  return handle
}
