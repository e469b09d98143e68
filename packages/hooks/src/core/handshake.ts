import type { AttemptEvents } from './attempt'
import type { Clock } from './clock'
import type { ConnectionPort } from './connection'
import { fromPlatformError, isSocketError, socketError, type SocketError } from './errors'
import type { RawMessage } from './observer'
import type { SendData } from './outbox'
import type { ConnectContext } from './request'
import type { Feature } from './types'

/** What a handshake is given on every open: the connect's context, and the socket to itself. */
export interface HandshakeSocket extends ConnectContext {
  /** Sends straight to the socket, ahead of everything queued. Throws SocketError on data it cannot send. */
  send(data: SendData): void
  /**
   * The next message the server sends. Messages the handshake does not read are delivered to the
   * socket's listeners once it is done. Rejects if the socket ends first.
   */
  receive(): Promise<RawMessage>
}

/**
 * Runs on every open and reopen before anything else goes out: what it sends is first on the
 * socket, then what onOpen listeners send (topics resubscribe there), then the queued messages in
 * the order they were sent. Until it resolves the socket counts as connecting and sends wait. A
 * throw or rejection fails this connect (HANDSHAKE_FAILED) and the reconnect policy applies.
 */
export type Handshake = (socket: HandshakeSocket) => void | Promise<void>

/** What handshake() makes: a request's `handshake` option. */
export type HandshakeFeature = Feature<'handshake'>

/**
 * What is behind a HandshakeFeature: it stands between an attempt and its connection, and tells
 * the connection of the open only once the handshake is done.
 */
export type WrapAttempt = (events: AttemptEvents, port: ConnectionPort, context: ConnectContext) => AttemptEvents

/**
 * `handshake: handshake(async (socket) => …)` in a request's options: runs on every open before
 * anything else is sent (see Handshake). Make it once, at module level: a shared socket runs the
 * handshake of the user that made it.
 */
export function handshake(run: Handshake): HandshakeFeature {
  const wrap: WrapAttempt = (events, port, context) => {
    let greeting: Greeting | null = null
    let ended = false
    return {
      opened() {
        const { clock, connectMs } = port.policy
        greeting = greet({
          handshake: run,
          context,
          clock,
          timeout: connectMs,
          send: (data, failed) => port.send(data, (res) => failed(fromPlatformError('HANDSHAKE_FAILED', {}, res))),
          done(unread, error) {
            greeting = null
            if (error) {
              port.abandon(error)
              return
            }
            events.opened()
            // What the handshake did not read is the app's, after everything the open sends.
            for (const data of unread) {
              if (!ended) events.message(data)
            }
          },
        })
      },
      message(data) {
        if (greeting) greeting.received(data)
        else events.message(data)
      },
      error: events.error,
      ended(ending) {
        ended = true
        if (greeting) greeting.cancel()
        greeting = null
        events.ended(ending)
      },
    }
  }
  return wrap as unknown as HandshakeFeature
}

/** A running handshake, as its connection drives it. */
export interface Greeting {
  /** A message arrived while the handshake runs. */
  received(data: unknown): void
  /** The socket ended first. */
  cancel(): void
}

export interface GreetingConfig {
  handshake: Handshake
  context: ConnectContext
  /** Hands data to the socket; `failed` when the platform refuses it. */
  send(data: SendData, failed: (error: SocketError) => void): void
  /** The handshake is over: `unread` are the messages it did not read; `error` when it failed. */
  done(unread: unknown[], error?: SocketError): void
  clock: Clock
  /** ms the handshake may take (the connect timeout). */
  timeout: number
}

/** Starts a handshake on a socket that has just opened. */
export function greet(config: GreetingConfig): Greeting {
  const { clock, timeout } = config
  const unread: unknown[] = []
  const readers: { resolve: (data: RawMessage) => void; reject: (error: SocketError) => void }[] = []
  let over = false

  const finish = (error?: SocketError): void => {
    if (over) return
    over = true
    clock.clearTimeout(timer)
    for (const reader of readers.splice(0)) reader.reject(error || socketError('NOT_OPEN', { detail: 'closedFirst' }))
    config.done(unread, error)
  }
  const timer = clock.setTimeout(() => finish(socketError('HANDSHAKE_FAILED', { n: timeout, detail: 'handshakeTimeout' })), timeout)

  const socket: HandshakeSocket = {
    ...config.context,
    send(data) {
      if (over) throw socketError('NOT_OPEN', { detail: 'handshakeOver' })
      config.send(data, finish)
    },
    receive() {
      const data = unread.shift()
      if (data !== undefined) return Promise.resolve(data as RawMessage)
      if (over) return Promise.reject(socketError('NOT_OPEN', { detail: 'handshakeOver' }))
      return new Promise((resolve, reject) => {
        readers.push({ resolve, reject })
      })
    },
  }

  Promise.resolve()
    .then(() => config.handshake(socket))
    .then(
      () => finish(),
      (thrown: unknown) =>
        finish(isSocketError(thrown) && thrown.code === 'HANDSHAKE_FAILED' ? thrown : socketError('HANDSHAKE_FAILED', {}, { cause: thrown })),
    )

  return {
    received(data) {
      const reader = readers.shift()
      if (reader) reader.resolve(data as RawMessage)
      else unread.push(data)
    },
    cancel() {
      // The socket's own end is reported by the connection; the handshake only stops waiting.
      over = true
      clock.clearTimeout(timer)
      for (const reader of readers.splice(0)) reader.reject(socketError('NOT_OPEN', { detail: 'closedFirst' }))
    },
  }
}
