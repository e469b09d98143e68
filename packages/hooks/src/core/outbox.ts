import { SocketError } from './errors'

export type OutgoingData = string | ArrayBuffer

export interface SendOptions {
  /** ms this message may wait for the socket; after that it is rejected with MESSAGE_EXPIRED. */
  ttl?: number
  /** false: never carried over a reconnect; rejected with NOT_OPEN if the socket drops first. Default true. */
  replay?: boolean
}

interface Pending {
  data: OutgoingData
  replay: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  resolve: () => void
  reject: (error: SocketError) => void
}

/**
 * Messages waiting for the socket to open, kept in order and bounded. Every entry ends
 * either handed to the socket or rejected with a reason: none is dropped quietly.
 */
export class Outbox {
  private items: Pending[] = []

  constructor(private readonly limit: number) {}

  push(data: OutgoingData, options: SendOptions = {}): Promise<void> {
    if (this.items.length >= this.limit) {
      return Promise.reject(
        new SocketError(
          'QUEUE_FULL',
          `${this.limit} messages are already waiting for the socket to open; wait for it or raise maxQueuedMessages.`,
        ),
      )
    }
    return new Promise<void>((resolve, reject) => {
      const item: Pending = { data, replay: options.replay !== false, timer: undefined, resolve, reject }
      if (options.ttl !== undefined) {
        item.timer = setTimeout(() => {
          this.items = this.items.filter((i) => i !== item)
          reject(new SocketError('MESSAGE_EXPIRED', `The socket did not open within the message's ttl of ${options.ttl} ms.`))
        }, options.ttl)
      }
      this.items.push(item)
    })
  }

  /** Hands every entry, oldest first, to `deliver`, which settles it. */
  drain(deliver: (data: OutgoingData, resolve: () => void, reject: (e: SocketError) => void, replay: boolean) => void): void {
    const items = this.take(() => true)
    for (const item of items) deliver(item.data, item.resolve, item.reject, item.replay)
  }

  /** Takes back a message the socket refused because it was already going down; its promise stays the same. */
  putBack(data: OutgoingData, resolve: () => void, reject: (e: SocketError) => void, replay: boolean): void {
    this.items.push({ data, replay, timer: undefined, resolve, reject })
  }

  rejectAll(error: SocketError): void {
    for (const item of this.take(() => true)) item.reject(error)
  }

  /** Before a reconnect: rejects the messages marked not to be replayed. */
  rejectUnreplayable(error: SocketError): void {
    for (const item of this.take((i) => !i.replay)) item.reject(error)
  }

  private take(which: (item: Pending) => boolean): Pending[] {
    const taken: Pending[] = []
    const kept: Pending[] = []
    for (const item of this.items) (which(item) ? taken : kept).push(item)
    this.items = kept
    for (const item of taken) clearTimeout(item.timer)
    return taken
  }
}
