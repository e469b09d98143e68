import type { Clock } from './clock'
import { socketError, type SocketError } from './errors'

/** What a send takes: text, or binary as an ArrayBuffer or any view of one (typed array, DataView, Node's Buffer). */
export type SendData = string | ArrayBuffer | ArrayBufferView

/** What goes to the platform: a view is reduced to its own bytes first (the platforms take ArrayBuffer). */
export type OutgoingData = string | ArrayBuffer

export interface SendOptions {
  /** ms this message may wait for the socket; after that it is rejected with MESSAGE_EXPIRED. */
  ttl?: number
  /** false: never carried over a reconnect; rejected with NOT_OPEN if the socket drops first. Default true. */
  replay?: boolean
}

/** One message on its way: its data and the promise to settle. */
export interface Outgoing {
  data: OutgoingData
  replay: boolean
  resolve: () => void
  reject: (error: SocketError) => void
}

interface Waiting extends Outgoing {
  timer?: unknown
}

export interface Outbox {
  /** Messages waiting now. */
  readonly size: number
  push(data: OutgoingData, options?: SendOptions): Promise<void>
  /** Takes every message, oldest first (the caller settles them). */
  takeAll(): Outgoing[]
  /** Takes back a message the socket refused because it was already going down; its promise stays the same. */
  putBack(message: Outgoing): void
  rejectAll(error: SocketError): void
  /** Before a reconnect: rejects the messages marked not to be replayed. */
  rejectNoReplay(error: SocketError): void
}

/**
 * Messages waiting for the socket to open, kept in order and bounded. Every entry ends
 * either handed to the socket or rejected with a reason: none is dropped quietly.
 */
export function createOutbox(limit: number, changed: () => void, clock: Clock): Outbox {
  let items: Waiting[] = []

  const take = (which: (item: Waiting) => boolean): Waiting[] => {
    const taken = items.filter(which)
    if (taken.length === 0) return taken
    items = items.filter((item) => !which(item))
    for (const item of taken) clock.clearTimeout(item.timer)
    changed()
    return taken
  }

  return {
    get size() {
      return items.length
    },
    push(data, options = {}) {
      if (items.length >= limit) return Promise.reject(socketError('QUEUE_FULL', { limit }))
      return new Promise<void>((resolve, reject) => {
        const item: Waiting = { data, replay: options.replay !== false, resolve, reject }
        const { ttl } = options
        if (ttl !== undefined) {
          item.timer = clock.setTimeout(() => {
            take((i) => i === item)
            reject(socketError('MESSAGE_EXPIRED', { n: ttl }))
          }, ttl)
        }
        items.push(item)
        changed()
      })
    },
    takeAll: () => take(() => true),
    putBack(message) {
      items.push(message)
      changed()
    },
    rejectAll(error) {
      for (const item of take(() => true)) item.reject(error)
    },
    rejectNoReplay(error) {
      for (const item of take((i) => !i.replay)) item.reject(error)
    },
  }
}
