import { fromBase64, toBase64 } from './base64'
import { utf8ByteLength } from './close'
import { fromPlatformError, socketError, type SocketError } from './errors'
import type { RawMessage } from './observer'

/**
 * Synchronous key-value storage that outlives the app: Taro's get/set/removeStorageSync and
 * getStorageInfoSync fit it (taroStorage() from taro-socket-hooks/topics), so does localStorage.
 */
export interface DurableStorage {
  /** The stored text; null, undefined or '' when there is none. */
  getItem(key: string): string | null | undefined
  /** Throws when the platform cannot store it (quota). */
  setItem(key: string, value: string): void
  removeItem(key: string): void
  /** Every key in the storage. */
  keys(): readonly string[]
}

/** Where publishes marked `durable` are kept until the server has them, across app kills and cold starts. */
export interface DurableOptions {
  storage: DurableStorage
  /** Messages kept per socket. Default 100. */
  maxMessages?: number
  /** Bytes kept per socket (encoded messages; binary counts as its base64). Default 262 144 (256 KiB). */
  maxBytes?: number
  /** A kept message could not be read (STORAGE_CORRUPT) or removed (STORAGE_FAILED); the rest are unaffected. */
  onError?(error: SocketError): void
}

/** A message as kept: its id, its topic and the frame exactly as it goes on the wire. */
export interface KeptMessage {
  id: string
  topic: string
  frame: RawMessage
}

/** The durable outboxes of one registry, one per socket: the registry's `durable` option. */
export interface DurableOutboxes {
  /** The outbox of the socket with this key (the same one every time). */
  forSocket(socketKey: string): DurableOutbox
}

/** One socket's durable outbox. */
export interface DurableOutbox {
  /** What an earlier run kept and never saw acknowledged, oldest first; taken once. */
  restore(): KeptMessage[]
  /** Keeps a message; throws OUTBOX_FULL or STORAGE_FAILED, and then keeps nothing of it. */
  keep(message: KeptMessage): void
  /** The message is done with (acknowledged, refused, or handed over where there are no acks). */
  drop(id: string): void
}

/** As stored: order, topic, frame (binary as base64, with `b`). */
interface Entry {
  n: number
  t: string
  f: string
  b?: 1
}

const PREFIX = 'taro-socket-hooks:outbox:'

// FNV-1a: a short, stable name for a socket's key (which may carry header values) in storage keys.
function hash(text: string): string {
  // FNV-1a's 32-bit offset basis and prime; Math.imul multiplies as 32-bit integers.
  let state = 0x811c9dc5
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193)
  // >>> 0: the same 32 bits read as unsigned, so the name never starts with a minus sign.
  return (state >>> 0).toString(36)
}

const isEntry = (value: unknown): value is Entry => {
  if (!value) return false
  const entry = value as Entry
  return typeof entry.n === 'number' && typeof entry.t === 'string' && typeof entry.f === 'string'
}

/**
 * Keeps publishes marked `durable` in `storage` until the server has them:
 * `createSocketRegistry({ durable: durableOutbox({ storage: taroStorage() }) })`. An app that
 * never calls it ships none of it.
 */
export function durableOutbox(options: DurableOptions): DurableOutboxes {
  const outboxes = new Map<string, DurableOutbox>()
  return {
    forSocket(socketKey) {
      let outbox = outboxes.get(socketKey)
      if (!outbox) {
        outbox = createDurableOutbox(options, socketKey)
        outboxes.set(socketKey, outbox)
      }
      return outbox
    },
  }
}

/**
 * The durable outbox of the socket with this key. One storage key per message, so a message that
 * cannot be read costs only itself; kept messages survive the app and are restored in order.
 */
function createDurableOutbox(options: DurableOptions, socketKey: string): DurableOutbox {
  const { storage, maxMessages = 100, maxBytes = 262_144 } = options
  const prefix = `${PREFIX}${hash(socketKey)}:`
  const report = (error: SocketError): void => options.onError?.(error)
  // Bytes of each kept message, by id.
  const sizes = new Map<string, number>()
  let bytes = 0
  let order = 0

  const restore = (): KeptMessage[] => {
    const found: (KeptMessage & { n: number })[] = []
    let keys: readonly string[] = []
    try {
      keys = storage.keys()
    } catch (thrown) {
      report(fromPlatformError('STORAGE_FAILED', {}, thrown))
    }
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue
      const id = key.slice(prefix.length)
      let text: string | null | undefined
      try {
        text = storage.getItem(key)
        const entry: unknown = text ? JSON.parse(text) : undefined
        if (!isEntry(entry)) throw new TypeError('not an outbox entry')
        const frame = entry.b ? fromBase64(entry.f) : entry.f
        found.push({ id, topic: entry.t, frame, n: entry.n })
        sizes.set(id, entry.f.length)
        bytes += entry.f.length
        order = Math.max(order, entry.n)
      } catch (thrown) {
        report(socketError('STORAGE_CORRUPT', { got: key }, { cause: text ?? thrown }))
        try {
          storage.removeItem(key)
        } catch {
          // reported above; it will be reported again on the next start
        }
      }
    }
    return found.sort((a, b) => a.n - b.n).map(({ id, topic, frame }) => ({ id, topic, frame }))
  }

  let restored = false
  return {
    restore() {
      if (restored) return []
      restored = true
      return restore()
    },
    keep({ id, topic, frame }) {
      const binary = typeof frame !== 'string'
      const text = binary ? toBase64(frame) : frame
      const size = binary ? text.length : utf8ByteLength(text)
      if (sizes.size >= maxMessages) throw socketError('OUTBOX_FULL', { why: `${maxMessages} messages`, limit: maxMessages })
      if (bytes + size > maxBytes) throw socketError('OUTBOX_FULL', { why: `${bytes} + ${size} bytes over ${maxBytes}`, limit: maxBytes })
      order++
      const entry: Entry = { n: order, t: topic, f: text }
      if (binary) entry.b = 1
      try {
        storage.setItem(prefix + id, JSON.stringify(entry))
      } catch (thrown) {
        throw fromPlatformError('STORAGE_FAILED', {}, thrown)
      }
      sizes.set(id, size)
      bytes += size
    },
    drop(id) {
      const size = sizes.get(id)
      if (size === undefined) return
      sizes.delete(id)
      bytes -= size
      try {
        storage.removeItem(prefix + id)
      } catch (thrown) {
        // It stays stored and goes out again on the next start, with the same id for the server to drop.
        report(fromPlatformError('STORAGE_FAILED', {}, thrown))
      }
    },
  }
}
