import { SocketError } from './errors'
import type { OutgoingData } from './outbox'

export interface HeartbeatOptions {
  /** What to send; a function is called for each ping. Default 'ping'. */
  message?: OutgoingData | (() => OutgoingData)
  /** ms between pings. Default 25 000. */
  interval?: number
  /** ms to wait, after a ping, for any message before the socket counts as dead. Default 10 000. */
  timeout?: number
}

export type HeartbeatPolicy = Required<HeartbeatOptions>

export function heartbeatPolicy(options: HeartbeatOptions | false | undefined): HeartbeatPolicy | null {
  if (!options) return null
  const policy = { message: 'ping', interval: 25_000, timeout: 10_000, ...options }
  if (!(policy.interval > 0) || !(policy.timeout > 0)) throw new SocketError('INVALID_OPTIONS', 'heartbeat: interval and timeout must be greater than 0.')
  return policy
}

/**
 * Pings an open socket and declares it dead when nothing at all (not only a pong) comes
 * back within `timeout` of a ping. One per connection, however many users share it.
 * Works whether the timeout is shorter or longer than the interval: the deadline is set by
 * the oldest unanswered ping and cleared by any incoming message.
 */
export class Heartbeat {
  private pingTimer: ReturnType<typeof setTimeout> | undefined
  private deadline: ReturnType<typeof setTimeout> | undefined
  private running = false

  constructor(
    private readonly policy: HeartbeatPolicy,
    private readonly ping: (data: OutgoingData) => void,
    private readonly dead: () => void,
  ) {}

  start(): void {
    this.stop()
    this.running = true
    this.schedule()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.pingTimer)
    clearTimeout(this.deadline)
    this.pingTimer = this.deadline = undefined
  }

  /** Any message is a sign of life. */
  alive(): void {
    if (this.deadline === undefined) return
    clearTimeout(this.deadline)
    this.deadline = undefined
  }

  /** Pings now and expects an answer within the timeout (after the app comes back, say). */
  probe(): void {
    if (!this.running) return
    clearTimeout(this.pingTimer)
    this.beat()
  }

  private schedule(): void {
    this.pingTimer = setTimeout(() => this.beat(), this.policy.interval)
  }

  private beat(): void {
    if (!this.running) return
    const { message } = this.policy
    this.ping(typeof message === 'function' ? message() : message)
    if (this.deadline === undefined) {
      this.deadline = setTimeout(() => {
        this.deadline = undefined
        if (this.running) this.dead()
      }, this.policy.timeout)
    }
    if (this.running) this.schedule()
  }
}
