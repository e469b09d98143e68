import { SocketError } from './errors'

export type OutgoingData = string | ArrayBuffer

interface Pending {
  data: OutgoingData
  resolve: () => void
  reject: (error: SocketError) => void
}

/**
 * Messages sent before the socket opened, kept in order and bounded. Every entry
 * ends either handed to the socket or rejected: none is dropped quietly.
 */
export class Outbox {
  private items: Pending[] = []

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.items.length
  }

  push(data: OutgoingData): Promise<void> {
    if (this.items.length >= this.limit) {
      return Promise.reject(
        new SocketError(
          'QUEUE_FULL',
          `${this.limit} messages are already waiting for the socket to open; wait for it or raise maxQueuedMessages.`,
        ),
      )
    }
    return new Promise<void>((resolve, reject) => {
      this.items.push({ data, resolve, reject })
    })
  }

  /** Hands every entry, oldest first, to `deliver`, which settles it. */
  drain(deliver: (data: OutgoingData, resolve: () => void, reject: (e: SocketError) => void) => void): void {
    const items = this.items
    this.items = []
    for (const item of items) deliver(item.data, item.resolve, item.reject)
  }

  rejectAll(error: SocketError): void {
    const items = this.items
    this.items = []
    for (const item of items) item.reject(error)
  }
}
