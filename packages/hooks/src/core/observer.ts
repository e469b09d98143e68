import type { CloseEvent, SocketStatus } from './machine'
import type { Connection, ConnectionListener } from './connection'
import { validateCloseCode, validateCloseReason } from './close'
import { isSocketError, rejectNoSocket, socketError, type SocketError } from './errors'
import type { SendData, SendOptions } from './outbox'
import type { SocketLease, SocketRegistry } from './registry'
import type { SocketRequest } from './request'
import { createListeners, type Store } from './store'

/** A message as it arrives: text, or binary as an ArrayBuffer. */
export type RawMessage = string | ArrayBuffer

export interface SocketObserverOptions<In> extends Omit<SocketRequest, 'url'> {
  /** false releases this user's share of the socket. Default true. */
  enabled?: boolean
  /** Turns each raw message into `In` (e.g. JSON.parse). */
  parse?: (raw: RawMessage) => In
  /** Shortcut for `parse: JSON.parse` on text messages. */
  json?: boolean
  onOpen?: () => void
  onMessage?: (message: In) => void
  onError?: (error: SocketError) => void
  onClose?: (event: CloseEvent) => void
  /**
   * ms: a component that reads `lastMessage` re-renders at most once per this many ms
   * (showing the newest message); `onMessage` still sees every message. Default 0: on every
   * message React does not batch with others.
   */
  throttle?: number
}

/** The fields a subscriber can read; it is told only about changes to those it has read. */
export type ObservedField = 'status' | 'lastMessage' | 'error' | 'queued'

/** The fields a subscriber can read, in the order a hook's result shows them. */
export const OBSERVED_FIELDS: readonly ObservedField[] = ['status', 'lastMessage', 'error', 'queued']

/** One user's view of a shared connection (a component's, through useSocket). */
export interface SocketObserver<In = RawMessage, Out = unknown> extends Store<ObservedField> {
  readonly status: SocketStatus
  /** The last message this user received, parsed. */
  readonly lastMessage: In | undefined
  readonly error: SocketError | null
  /** Messages waiting for the socket to open. */
  readonly queued: number
  /** Takes new options; callbacks apply at once, and a new URL, header or protocols move to another socket. */
  setOptions(url: SocketRequest['url'] | null, options?: SocketObserverOptions<In>): void
  send(data: SendData, options?: SendOptions): Promise<void>
  sendJson(value: Out, options?: SendOptions): Promise<void>
  close(code?: number, reason?: string): void
  open(): void
}

const parseJson = (raw: RawMessage) => JSON.parse(raw as string) as unknown

/**
 * Keeps one user's last message and callbacks, parses lazily (once per message, however many
 * times it is read), and tells its subscribers only about changes to the fields they read, so
 * a status badge does not render on every message.
 */
export function createSocketObserver<In = RawMessage, Out = unknown>(
  registry: SocketRegistry,
  initialUrl: SocketRequest['url'] | null,
  initialOptions: SocketObserverOptions<In> = {},
): SocketObserver<In, Out> {
  let url = initialUrl
  let options = initialOptions
  let key: string | null = null
  let invalid: SocketError | null = null
  let lease: SocketLease | null = null
  let unlisten: (() => void) | null = null
  // The fields its subscribers have read.
  const tracked: Partial<Record<ObservedField, true>> = {}
  let raw: unknown
  let parsedFrom: unknown
  let parsed: In | undefined
  let ownError: SocketError | null = null
  let throttleTimer: unknown
  const { clock } = registry

  // Its own while it holds a lease; otherwise the one it would join, if it exists.
  const connection = (): Connection | undefined => {
    if (lease) return lease.connection
    return key === null ? undefined : registry.peek(key)
  }
  const status = (): SocketStatus => {
    if (invalid) return 'closed'
    const current = connection()
    return current ? current.status : 'idle'
  }
  const error = (): SocketError | null => {
    const fromSocket = lease ? lease.connection.error : null
    return invalid || ownError || fromSocket
  }
  const queued = (): number => {
    const current = connection()
    return current ? current.queued : 0
  }
  const snapshot = () => ({ status: status(), error: error(), queued: queued() })
  // Calls the user's callback of that name, if any.
  const call = <K extends 'onOpen' | 'onError' | 'onClose'>(name: K, arg?: Parameters<NonNullable<SocketObserverOptions<In>[K]>>[0]): void => {
    const callback = options[name] as ((arg: unknown) => void) | undefined
    if (callback) callback(arg)
  }
  let seen = snapshot()

  // The registry reads only the request's fields from it.
  const request = (): SocketRequest => ({ ...options, url: url! })

  const resolveKey = (): void => {
    invalid = null
    key = null
    if (url === null || options.enabled === false) return
    try {
      key = registry.resolve(request()).key
    } catch (thrown) {
      invalid = isSocketError(thrown) ? thrown : socketError('INVALID_OPTIONS', { got: 'The socket options', why: String(thrown) })
    }
  }

  // Tells subscribers when a field they read changed (or always, `force`).
  const notifyChanges = (force: boolean): void => {
    const now = snapshot()
    const changed =
      (tracked.status && now.status !== seen.status) || (tracked.error && now.error !== seen.error) || (tracked.queued && now.queued !== seen.queued)
    seen = now
    if (force || changed) listeners.notify()
  }

  // Parses the newest raw message once, however many times it is read. false on a parse error.
  const parseLatest = (): boolean => {
    if (raw === parsedFrom) return true
    parsedFrom = raw
    const parse = options.parse || (options.json ? (parseJson as (raw: RawMessage) => In) : undefined)
    if (!parse) {
      parsed = raw as In
      return true
    }
    try {
      parsed = parse(raw as RawMessage)
      return true
    } catch (thrown) {
      ownError = socketError('PARSE_FAILED', {}, { cause: thrown })
      call('onError', ownError)
      // Not during a render that is reading lastMessage: tell subscribers on the next tick.
      if (tracked.error) void Promise.resolve().then(listeners.notify)
      return false
    }
  }

  const receive = (data: unknown): void => {
    raw = data
    const { onMessage } = options
    if (onMessage) {
      if (!parseLatest()) return
      onMessage(parsed as In)
    }
    if (!tracked.lastMessage) return
    const { throttle } = options
    if (!throttle) listeners.notify()
    else if (throttleTimer === undefined) {
      throttleTimer = clock.setTimeout(() => {
        throttleTimer = undefined
        listeners.notify()
      }, throttle)
    }
  }

  const attach = (): void => {
    if (invalid) {
      call('onError', invalid)
      return
    }
    if (key === null || lease) return
    lease = registry.acquire(request())
    const listener: ConnectionListener = {
      onChange: () => notifyChanges(false),
      onOpen: () => call('onOpen'),
      onMessage: receive,
      onError: (e) => call('onError', e),
      onClose: (e) => call('onClose', e),
    }
    unlisten = lease.connection.subscribe(listener)
    notifyChanges(false)
  }

  const detach = (): void => {
    clock.clearTimeout(throttleTimer)
    throttleTimer = undefined
    if (unlisten) unlisten()
    if (lease) lease.release()
    unlisten = null
    lease = null
  }

  const send = (data: SendData, sendOptions?: SendOptions): Promise<void> => {
    const result = lease ? lease.connection.send(data, sendOptions) : rejectNoSocket(invalid)
    // The caller gets the rejection; onError hears of it too.
    result.then(undefined, (e: SocketError) => call('onError', e))
    return result
  }

  const listeners = createListeners(attach, detach)
  resolveKey()
  seen = snapshot()

  return {
    get status() {
      return status()
    },
    get lastMessage() {
      parseLatest()
      return parsed
    },
    get error() {
      return error()
    },
    get queued() {
      return queued()
    },
    track(field) {
      tracked[field] = true
    },
    setOptions(nextUrl, next = {}) {
      const prev = options
      options = next
      // Called on every render: skip validation when nothing that picks the socket changed.
      if (nextUrl === url && (['enabled', 'data', 'header', 'protocols'] as const).every((f) => next[f] === prev[f])) {
        return
      }
      const before = key
      const wasInvalid = invalid
      url = nextUrl
      resolveKey()
      // Same socket, and the same validation outcome: nothing to move.
      if (key === before && (invalid && invalid.code) === (wasInvalid && wasInvalid.code)) return
      raw = undefined
      parsedFrom = undefined
      parsed = undefined
      ownError = null
      if (listeners.watched) {
        detach()
        attach()
      }
      notifyChanges(true)
    },
    subscribe: listeners.subscribe,
    getVersion: listeners.getVersion,
    send,
    sendJson(value, sendOptions) {
      // JSON.stringify throws on a cycle or a BigInt, and gives undefined for a function or undefined.
      let text: string | undefined
      let cause: unknown
      try {
        text = JSON.stringify(value)
      } catch (thrown) {
        cause = thrown
      }
      if (text === undefined) return Promise.reject(socketError('INVALID_MESSAGE', { got: 'A value JSON cannot represent' }, { cause }))
      return send(text, sendOptions)
    },
    close(code, reason) {
      validateCloseCode(code)
      validateCloseReason(reason)
      if (lease) lease.connection.close(code, reason)
    },
    open() {
      ownError = null
      if (lease) lease.connection.open()
    },
  }
}
