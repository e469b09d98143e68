import type { Clock } from './clock'
import type { ConnectionListener, ConnectionPort } from './connection'
import { socketError } from './errors'
import type { OutgoingData } from './outbox'
import type { Feature } from './types'

export interface HeartbeatOptions {
  /** What to send; a function is called for each ping. Default 'ping'. */
  message?: OutgoingData | (() => OutgoingData)
  /** ms between pings. Default 25 000. */
  interval?: number
  /** ms to wait, after a ping, for any message before the socket counts as dead. Default 10 000. */
  timeout?: number
}

export type HeartbeatPolicy = Required<HeartbeatOptions>

/** What heartbeat() makes: the registry's `heartbeat` option. */
export type HeartbeatFeature = Feature<'heartbeat'>

/** What is behind a HeartbeatFeature: one heartbeat per connection, listening to it like a user. */
export type StartHeartbeat = (port: ConnectionPort) => ConnectionListener

const noop = (): void => {}

/**
 * One heartbeat per connection: `heartbeat: heartbeat({ interval, timeout, message })` in the
 * registry's options. Throws SocketError (INVALID_OPTIONS) on a bad interval or timeout.
 */
export function heartbeat(options: HeartbeatOptions = {}): HeartbeatFeature {
  const policy = { message: 'ping', interval: 25_000, timeout: 10_000, ...options }
  // Written as not greater than 0, so that NaN is refused too.
  if (!(policy.interval > 0) || !(policy.timeout > 0)) {
    throw socketError('INVALID_OPTIONS', { got: '`heartbeat`', detail: 'heartbeatRange' })
  }
  const start: StartHeartbeat = (port) => {
    // Pings go straight to the socket: never queued, replayed, or counted as use.
    const ping = (data: OutgoingData): void => port.send(data, noop, 'heartbeat')
    const dead = (): void => port.abandon(socketError('HEARTBEAT_TIMEOUT', { n: policy.timeout }))
    const beat = createHeartbeat(policy, ping, dead, port.policy.clock)
    let open = false
    return {
      // It runs exactly while the socket is open.
      onChange() {
        const now = port.view.status === 'open'
        if (now === open) return
        open = now
        if (open) beat.start()
        else beat.stop()
      },
      // Any message is a sign of life.
      onMessage: beat.alive,
      pause: beat.stop,
      // Back from the background with the socket still open: is it really alive?
      resume() {
        beat.start()
        beat.probe()
      },
    }
  }
  return start as unknown as HeartbeatFeature
}

export interface Heartbeat {
  start(): void
  stop(): void
  /** Any message is a sign of life. */
  alive(): void
  /** Pings now and expects an answer within the timeout (after the app comes back, say). */
  probe(): void
}

/**
 * Pings an open socket and declares it dead when nothing at all (not only a pong) comes
 * back within `timeout` of a ping. One per connection, however many users share it.
 * Works whether the timeout is shorter or longer than the interval: the deadline is set by
 * the oldest unanswered ping and cleared by any incoming message.
 */
export function createHeartbeat(policy: HeartbeatPolicy, ping: (data: OutgoingData) => void, dead: () => void, clock: Clock): Heartbeat {
  let pingTimer: unknown
  let deadline: unknown
  let running = false

  const beat = (): void => {
    if (!running) return
    const { message } = policy
    ping(typeof message === 'function' ? message() : message)
    if (deadline === undefined) {
      deadline = clock.setTimeout(() => {
        deadline = undefined
        if (running) dead()
      }, policy.timeout)
    }
    if (running) pingTimer = clock.setTimeout(beat, policy.interval)
  }

  const stop = (): void => {
    running = false
    clock.clearTimeout(pingTimer)
    clock.clearTimeout(deadline)
    pingTimer = undefined
    deadline = undefined
  }

  return {
    start() {
      stop()
      running = true
      pingTimer = clock.setTimeout(beat, policy.interval)
    },
    stop,
    alive() {
      clock.clearTimeout(deadline)
      deadline = undefined
    },
    probe() {
      if (!running) return
      clock.clearTimeout(pingTimer)
      beat()
    },
  }
}
