import { reconnectPolicy, type ReconnectOptions } from './backoff'
import { systemClock, type Clock } from './clock'
import type { DurableOutboxes } from './durable'
import { createConnection, type Connection, type ConnectionHandle, type ConnectionPolicy, type SlotScheduler } from './connection'
import { socketError } from './errors'
import { heartbeatPolicy, type HeartbeatOptions } from './heartbeat'
import { resolveRequest, type ResolvedRequest, type SocketRequest } from './request'
import type { AppLifecycle, SocketTransport } from './types'
import type { TraceEvent } from './trace'

/** What to do when every platform slot is taken. */
export type OverflowPolicy = 'queue' | 'evict' | 'reject'

export interface SocketRegistryOptions {
  /** Platform name as in TARO_ENV (`weapp`, `alipay`, `h5`, …); the build's by default. */
  platform?: string
  /** Sockets open at once; defaults to the platform's limit. */
  maxConnections?: number
  /** Default `'queue'`. */
  overflow?: OverflowPolicy
  /** Opens a socket; the platform's `connectSocket` by default. */
  connect?: SocketTransport
  /** How long (ms) a connection with no users stays open, so remounts reuse it. Default 1000. */
  releaseDelay?: number
  /** Messages kept per connection while it is not open. Default 100. */
  maxQueuedMessages?: number
  /** Reconnect with backoff after a drop; `false` turns it off. */
  reconnect?: ReconnectOptions | false
  /** One heartbeat per connection; off unless given (the server must answer something). */
  heartbeat?: HeartbeatOptions | false
  /** ms a handshake may take. Default 10 000. */
  connectTimeout?: number
  /** ms to wait for the platform to confirm a close before the slot counts as free. Default 5 000. */
  closeTimeout?: number
  /**
   * ms the platform may keep a handshake going on its own (WeChat's networkTimeout.connectSocket).
   * A handshake the library gave up on (connectTimeout, or closed before open) keeps its slot
   * until the platform reports it closed or failed, or this long. Default 60 000.
   */
  platformConnectTimeout?: number
  /** App hide/show and network events; Taro's by default. */
  lifecycle?: AppLifecycle
  /** Source of randomness for backoff jitter (tests). */
  random?: () => number
  /** Timers and time for every delay the library waits; the engine's own by default. Tests pass `createTestClock()`. */
  clock?: Clock
  /**
   * Accept ws:// URLs. Off on mini-program platforms, which take only wss:// outside their
   * developer tools (INSECURE_URL); on for H5 and React Native. Turn on for local development.
   */
  allowInsecure?: boolean
  /** Sends larger than this many bytes (UTF-8 for text) fail with MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number
  /**
   * Told of everything that happens to every socket (connect attempts, slot waits, opens, closes,
   * retries, heartbeats, sends and receives with sizes and the first characters), URLs without
   * their query. Off by default; `debug: true` logs the same to the console.
   */
  onTrace?: (event: TraceEvent) => void
  /** Logs every trace event to the console (development only; prefer onTrace in production). */
  debug?: boolean
  /**
   * Where publishes marked `durable` are kept until the server has them (taro-socket-hooks/topics):
   * `durableOutbox({ storage: taroStorage() })`. Off unless given.
   */
  durable?: DurableOutboxes
}

/** The registry's options with the platform's defaults filled in (the Taro layer does that). */
export interface RegistryConfig extends SocketRegistryOptions {
  connect: SocketTransport
  lifecycle: AppLifecycle
  maxConnections: number
  allowInsecure: boolean
  /** Every task drives one global socket (Taro's Alipay runtime outside multiple-task mode). */
  globalSocket?: boolean
}

export interface SocketLease {
  readonly connection: Connection
  /** Stop using the connection; idempotent. */
  release(): void
}

export interface SocketRegistryStats {
  platform: string | undefined
  maxConnections: number
  /** Connections holding a platform slot (connecting, open, closing, or reconnecting: a dropped socket keeps its place). */
  active: number
  /** Sockets the app gave up on during their handshake that the platform still counts. */
  abandoned: number
  /** Connections waiting for a slot. */
  queued: number
  /** Connections known to the registry, with or without a slot. */
  connections: number
}

/**
 * Hands out shared, reference-counted connections and keeps the platform's sockets within its
 * limit. Create one with `createSocketRegistry`, or let `SocketProvider` make it.
 */
export interface SocketRegistry {
  readonly platform: string | undefined
  readonly maxConnections: number
  readonly overflow: OverflowPolicy
  readonly allowInsecure: boolean
  /** The clock every timer of this registry's sockets runs on. */
  readonly clock: Clock
  /** The durable outboxes, if given. */
  readonly durable: DurableOutboxes | undefined
  /** dispose() was called. */
  readonly disposed: boolean
  /** Joins (or opens) the connection for this request. Throws SocketError on invalid input, before anything reaches the platform. */
  acquire(request: SocketRequest): SocketLease
  /** Validates a request against this registry's rules and gives its sharing key. Throws SocketError. */
  resolve(request: SocketRequest): ResolvedRequest
  /** The connection for this request or key, if one exists; opens nothing. */
  peek(request: SocketRequest | string): Connection | undefined
  stats(): SocketRegistryStats
  /** Calls back whenever stats may have changed (slots taken or freed, queue moved). */
  watch(callback: () => void): () => void
  /** Closes every connection now, users or not. */
  closeAll(): void
  /**
   * Closes every socket now and stops listening to the app; the registry opens nothing after
   * this (DISPOSED). A SocketProvider disposes the registry it made when it unmounts.
   */
  dispose(): void
}

interface Entry {
  connection: ConnectionHandle
  users: number
  timer: unknown
}

const OVERFLOW: readonly OverflowPolicy[] = ['queue', 'evict', 'reject']

/**
 * The registry, given every platform default. A slot counts as taken until the platform's
 * onClose has fired, because that is when the platforms free it. Slots are fair: a connection
 * keeps its slot from its grant until it closes for good, through its reconnect backoff, so
 * that after a server restart the sockets that were open come back before newcomers;
 * connections waiting for a slot get one in the order they asked.
 */
export function createRegistry(config: RegistryConfig): SocketRegistry {
  const max = config.maxConnections
  if (!Number.isInteger(max) || max < 1) {
    throw socketError('INVALID_OPTIONS', { got: `maxConnections ${String(max)}`, detail: 'maxConnections' })
  }
  const { overflow = 'queue' } = config
  if (!OVERFLOW.includes(overflow)) {
    throw socketError('INVALID_OPTIONS', { got: `overflow ${String(overflow)}`, detail: 'overflow' })
  }
  const { lifecycle, allowInsecure, releaseDelay = 1000, clock = systemClock } = config
  // Defaults; zero is no sensible value for any of these, so `||` is enough.
  const policy: ConnectionPolicy = {
    reconnect: reconnectPolicy(config.reconnect),
    heartbeat: heartbeatPolicy(config.heartbeat),
    connectTimeout: config.connectTimeout || 10_000,
    closeTimeout: config.closeTimeout || 5_000,
    platformConnectTimeout: config.platformConnectTimeout || 60_000,
    maxQueuedMessages: config.maxQueuedMessages ?? 100,
    maxMessageBytes: config.maxMessageBytes || Infinity,
    random: config.random || Math.random,
    globalSocket: config.globalSocket,
    clock,
  }

  const entries = new Map<string, Entry>()
  // Connections holding a slot; sockets given up on that the platform still counts.
  const active = new Set<ConnectionHandle>()
  let abandoned = 0
  let waiting: ConnectionHandle[] = []
  // Evicted connections wait their turn; they never evict in return (no ping-pong).
  const evicted = new WeakSet<ConnectionHandle>()
  const watchers = new Set<() => void>()
  let hidden = false
  let listening = false
  let disposed = false
  let pumping = false
  let exclusiveCount = 0

  const changed = (): void => {
    for (const w of watchers) w()
  }
  const used = (): number => active.size + abandoned
  const entryOf = (c: ConnectionHandle): Entry | undefined => {
    const entry = entries.get(c.view.key)
    return entry && entry.connection === c ? entry : undefined
  }

  const grant = (c: ConnectionHandle): void => {
    active.add(c)
    evicted.delete(c)
    c.grant()
    changed()
  }

  // Hands free slots to waiting connections, in order; those keeping a slot are at the front.
  const pump = (): void => {
    if (pumping) return
    pumping = true
    try {
      while (waiting.length > 0) {
        const next = waiting[0]!
        if (active.has(next) ? used() > max : used() >= max) break
        waiting.shift()
        const entry = entryOf(next)
        // Nobody uses it any more (its release delay is running): close it instead of opening it.
        if (entry && entry.users === 0) drop(entry)
        else grant(next)
      }
    } finally {
      pumping = false
    }
    changed()
  }

  const scheduler: SlotScheduler = {
    request(c) {
      if (active.has(c)) {
        // Reconnecting with its slot kept: it waits only for sockets the platform still counts.
        if (used() <= max) c.grant()
        else waiting.unshift(c)
        return changed()
      }
      if (used() < max) return grant(c)
      // A socket nobody uses any more (still in its release delay) makes room first.
      const idle = [...entries.values()].find((e) => e.users === 0 && active.has(e.connection))
      if (idle) {
        waiting.push(c)
        drop(idle)
        return changed()
      }
      if (overflow === 'reject') return c.refuse(socketError('LIMIT_REACHED', { limit: max }))
      if (overflow === 'evict' && !evicted.has(c)) {
        let victim: ConnectionHandle | undefined
        for (const a of active) {
          const status = a.view.status
          if ((status === 'open' || status === 'connecting') && (!victim || a.lastUsed < victim.lastUsed)) victim = a
        }
        if (victim) {
          waiting.unshift(c)
          evicted.add(victim)
          victim.evict()
          return changed()
        }
      }
      waiting.push(c)
      changed()
    },
    cancel(c) {
      waiting = waiting.filter((w) => w !== c)
      changed()
    },
    release(c) {
      active.delete(c)
      waiting = waiting.filter((w) => w !== c)
      pump()
    },
    holdAbandoned() {
      abandoned++
      changed()
      let held = true
      return () => {
        if (!held) return
        held = false
        abandoned--
        pump()
      }
    },
    wanted: (c) => {
      const entry = entryOf(c)
      return !!entry && entry.users > 0
    },
    get hidden() {
      return hidden
    },
  }

  // Forgets the entry (a later acquire gets a fresh connection) and closes its socket.
  const drop = (entry: Entry): void => {
    clock.clearTimeout(entry.timer)
    entry.timer = undefined
    if (entryOf(entry.connection) === entry) entries.delete(entry.connection.view.key)
    entry.connection.close()
    if (entries.size === 0) unlisten()
    changed()
  }

  // App lifecycle: listeners exist only while some connection does.
  const checkAll = (): void => {
    for (const { connection } of [...entries.values()]) connection.check()
  }
  const onHide = (): void => {
    hidden = true
    for (const { connection } of entries.values()) connection.pause()
  }
  const onShow = (): void => {
    hidden = false
    checkAll()
  }
  const onNetwork = (online: boolean): void => {
    if (online) checkAll()
  }
  const listen = (): void => {
    if (listening) return
    listening = true
    lifecycle.onHide(onHide)
    lifecycle.onShow(onShow)
    lifecycle.onNetworkChange(onNetwork)
  }
  const unlisten = (): void => {
    if (!listening) return
    listening = false
    lifecycle.offHide(onHide)
    lifecycle.offShow(onShow)
    lifecycle.offNetworkChange(onNetwork)
  }

  const registry: SocketRegistry = {
    platform: config.platform,
    maxConnections: max,
    overflow,
    allowInsecure,
    clock,
    durable: config.durable,
    get disposed() {
      return disposed
    },
    resolve(request) {
      if (disposed) throw socketError('DISPOSED')
      return resolveRequest(request, (url) => {
        if (!allowInsecure && url.startsWith('ws://')) throw socketError('INSECURE_URL', { got: config.platform || 'this platform' })
      })
    },
    acquire(request) {
      const resolved = registry.resolve(request)
      const { options, build, exclusive, handshake } = resolved
      const key = exclusive ? `${resolved.key}\0#${++exclusiveCount}` : resolved.key
      let entry = entries.get(key)
      if (!entry) {
        const own = exclusive ? { ...policy, reconnect: null, heartbeat: null } : policy
        entry = {
          connection: createConnection({ key, options, build, handshake, connect: config.connect, scheduler, policy: own, onTrace: config.onTrace }),
          users: 0,
          timer: undefined,
        }
        entries.set(key, entry)
        listen()
      }
      const current = entry
      current.users++
      clock.clearTimeout(current.timer)
      current.timer = undefined
      current.connection.touch()
      // A new user wants the socket open, even if an earlier one closed it or it failed.
      const status = current.connection.view.status
      if (status === 'idle' || status === 'closed') current.connection.open()

      let released = false
      return {
        connection: current.connection.view,
        release() {
          if (released || disposed) return
          released = true
          if (--current.users > 0) return
          // Nobody waits on a socket of its own, nor for a slot someone else is waiting for.
          if (exclusive || (waiting.length > 0 && active.has(current.connection))) return drop(current)
          current.timer = clock.setTimeout(() => {
            current.timer = undefined
            if (current.users === 0) drop(current)
          }, releaseDelay)
        },
      }
    },
    peek(request) {
      let key = request
      try {
        if (typeof key !== 'string') key = registry.resolve(key).key
      } catch {
        return undefined
      }
      const entry = entries.get(key)
      return entry && entry.connection.view
    },
    stats: () => ({
      platform: config.platform,
      maxConnections: max,
      active: active.size,
      abandoned,
      queued: waiting.length,
      connections: entries.size,
    }),
    watch(callback) {
      watchers.add(callback)
      return () => watchers.delete(callback)
    },
    closeAll() {
      for (const entry of [...entries.values()]) drop(entry)
    },
    dispose() {
      if (disposed) return
      disposed = true
      waiting = []
      registry.closeAll()
      unlisten()
    },
  }
  return registry
}
