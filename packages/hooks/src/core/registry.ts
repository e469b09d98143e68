import { reconnectDelay, reconnectPolicy, type ReconnectOptions } from './backoff'
import { systemClock, type Clock } from './clock'
import type { DurableOutboxes } from './durable'
import { createConnection, Slot, type Connection, type ConnectionHandle, type ConnectionPolicy, type SlotScheduler } from './connection'
import { socketError } from './errors'
import type { EvictFeature, PickVictim } from './evict'
import type { HeartbeatFeature } from './heartbeat'
import { requestRules, resolveRequest, type ResolvedRequest, type SocketRequest } from './request'
import { createSerial } from './serial'
import type { AppEvents, AppLifecycle, PlatformAdapter, SocketTransport } from './types'
import type { TraceFeature } from './trace'

/** What to do when every platform slot is taken: wait for one, fail at once, or `evict()` the least recently used. */
export type OverflowPolicy = 'queue' | 'reject' | EvictFeature

export interface SocketRegistryOptions {
  /** Platform name as in TARO_ENV (`weapp`, `alipay`, `h5`, …); the build's by default. */
  platform?: string
  /** Sockets open at once; defaults to the platform's limit. */
  maxConnections?: number
  /** Default `'queue'`; `evict()` closes the least recently used socket for a newcomer. */
  overflow?: OverflowPolicy
  /** Opens a socket; the platform's `connectSocket` by default. */
  connect?: SocketTransport
  /** Opens sockets in place of Taro's runtime, with a limit of its own: `alipayMultipleTasks()`. */
  adapter?: PlatformAdapter | undefined
  /** How long (ms) a connection with no users stays open, so remounts reuse it. Default 1000. */
  releaseDelay?: number
  /** Messages kept per connection while it is not open. Default 100. */
  maxQueuedMessages?: number
  /** Reconnect with backoff after a drop; `false` turns it off. */
  reconnect?: ReconnectOptions | false
  /** One heartbeat per connection: `heartbeat({ interval, timeout, message })`; off unless given (the server must answer something). */
  heartbeat?: HeartbeatFeature
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
   * Everything that happens to every socket, URLs without their query: `trace((event) => …)`;
   * `trace()` logs to the console. Off unless given.
   */
  trace?: TraceFeature
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
  /**
   * Validates a request against this registry's rules and gives its sharing key. Throws SocketError.
   * @internal
   */
  resolve(request: SocketRequest): ResolvedRequest
  /**
   * State shared per app by a feature built on the registry (the topic clients, their request
   * ids): made on first use under `owner`, dropped when the registry is disposed.
   * @internal
   */
  shared<T>(owner: object, make: () => T): T
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
  handle: ConnectionHandle
  users: number
  timer: unknown
}

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
  const { overflow = 'queue', heartbeat, trace } = config
  // `overflow` is one of its two words or evict(), and features are what their factories make
  // (heartbeat(), trace()), never plain options. The types say so already; this tells a
  // development build's user who passed something else.
  if (process.env.NODE_ENV !== 'production') {
    if (overflow !== 'queue' && overflow !== 'reject' && typeof overflow !== 'function') {
      throw socketError('INVALID_OPTIONS', { got: `overflow ${String(overflow)}`, detail: 'overflow' })
    }
    for (const [name, feature] of [
      ['heartbeat', heartbeat],
      ['trace', trace],
    ] as const) {
      if (feature !== undefined && typeof feature !== 'function') throw socketError('INVALID_OPTIONS', { got: `\`${name}\``, detail: 'feature' })
    }
  }
  const evictVictim = typeof overflow === 'function' ? (overflow as unknown as PickVictim) : undefined
  const { lifecycle, allowInsecure, releaseDelay = 1000, clock = systemClock } = config
  const reconnect = reconnectPolicy(config.reconnect)
  const random = config.random || Math.random
  const serial = createSerial()
  // Defaults; zero is no sensible value for any of these, so `||` is enough.
  const policy: ConnectionPolicy = {
    reconnect,
    heartbeat: heartbeat || null,
    trace,
    connectMs: config.connectTimeout || 10_000,
    closeMs: config.closeTimeout || 5_000,
    platformConnectMs: config.platformConnectTimeout || 60_000,
    queueLimit: config.maxQueuedMessages === undefined ? 100 : config.maxQueuedMessages,
    byteLimit: config.maxMessageBytes || Infinity,
    backoff: (retry) => reconnectDelay(retry, reconnect!, random),
    globalSocket: config.globalSocket,
    clock,
  }
  const rules = requestRules((url) => {
    if (!allowInsecure && url.startsWith('ws://')) throw socketError('INSECURE_URL', { got: config.platform || 'this platform' })
  })
  // Per-app state of the features built on the registry; see shared().
  let sharedState = new Map<object, unknown>()

  const entries = new Map<string, Entry>()
  // Connections holding a slot; sockets given up on that the platform still counts.
  const active = new Set<ConnectionHandle>()
  let abandoned = 0
  let waiting: ConnectionHandle[] = []
  const watchers = new Set<() => void>()
  let hidden = false
  // Set while the registry listens to the app.
  let stopListening: (() => void) | null = null
  let disposed = false
  let exclusiveCount = 0

  const notify = (): void => {
    for (const watcher of watchers) watcher()
  }
  const used = (): number => active.size + abandoned
  const entryOf = (connection: ConnectionHandle): Entry | undefined => {
    const entry = entries.get(connection.view.key)
    return entry && entry.handle === connection ? entry : undefined
  }

  const take = (connection: ConnectionHandle): Slot.granted => {
    active.add(connection)
    return Slot.granted
  }

  // Hands free slots to waiting connections, in order; those keeping a slot are at the front.
  // As a job (serial.ts), or within the running one: the grants and closes it hands out are
  // events that run after it, so it never runs inside itself.
  const pump = (): void => {
    if (serial.busy) handOut()
    else serial.run(handOut)
  }
  const handOut = (): void => {
    while (waiting.length > 0) {
      const next = waiting[0]!
      // A connection that kept its slot through a reconnect is already counted in used().
      const full = active.has(next) ? used() > max : used() >= max
      if (full) break
      waiting.shift()
      const entry = entryOf(next)
      // Nobody uses it any more (its release delay is running): close it instead of opening it.
      if (entry && entry.users === 0) drop(entry)
      else {
        take(next)
        next.grant()
      }
    }
    notify()
  }

  const request = (connection: ConnectionHandle): ReturnType<SlotScheduler['request']> => {
    if (active.has(connection)) {
      // Reconnecting with its slot kept: it waits only for sockets the platform still counts.
      if (used() <= max) return Slot.granted
      waiting.unshift(connection)
      return Slot.waiting
    }
    if (used() < max) return take(connection)
    // A socket nobody uses any more (still in its release delay) makes room first.
    const idle = [...entries.values()].find((e) => e.users === 0 && active.has(e.handle))
    if (idle) {
      waiting.push(connection)
      drop(idle)
      return Slot.waiting
    }
    if (overflow === 'reject') return socketError('LIMIT_REACHED', { limit: max })
    // With evict(): a slot taken from another connection goes to this one first.
    if (evictVictim && evictVictim(connection, active)) waiting.unshift(connection)
    else waiting.push(connection)
    return Slot.waiting
  }

  const scheduler: SlotScheduler = {
    request(connection) {
      const outcome = request(connection)
      notify()
      return outcome
    },
    cancel(connection) {
      waiting = waiting.filter((other) => other !== connection)
      notify()
    },
    release(connection) {
      active.delete(connection)
      waiting = waiting.filter((other) => other !== connection)
      pump()
    },
    holdAbandoned() {
      abandoned++
      notify()
      let held = true
      return () => {
        if (!held) return
        held = false
        abandoned--
        pump()
      }
    },
    wanted: (connection) => {
      const entry = entryOf(connection)
      return !!entry && entry.users > 0
    },
    // `active` keeps its connections in the order they were last used: evict() takes the first it may.
    used(connection) {
      if (active.delete(connection)) active.add(connection)
    },
    get hidden() {
      return hidden
    },
    serial,
  }

  // Forgets the entry (a later acquire gets a fresh connection) and closes its socket.
  const drop = (entry: Entry): void => {
    clock.clearTimeout(entry.timer)
    entry.timer = undefined
    if (entryOf(entry.handle) === entry) entries.delete(entry.handle.view.key)
    entry.handle.view.close()
    if (entries.size === 0) unlisten()
    notify()
  }

  // App lifecycle: listeners exist only while some connection does.
  const checkAll = (): void => {
    for (const { handle } of [...entries.values()]) handle.check()
  }
  const appEvents: AppEvents = {
    hide() {
      hidden = true
      for (const { handle } of entries.values()) handle.pause()
    },
    show() {
      hidden = false
      checkAll()
    },
    network(online) {
      if (online) checkAll()
    },
  }
  const listen = (): void => {
    if (stopListening) return
    // What the app did while nobody listened is unknown (it may have come back unheard): assume
    // the foreground, so that a drop reconnects instead of waiting for a show that came already.
    hidden = false
    stopListening = lifecycle.listen(appEvents)
  }
  const unlisten = (): void => {
    if (!stopListening) return
    stopListening()
    stopListening = null
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
      return resolveRequest(request, rules)
    },
    shared<T>(owner: object, make: () => T): T {
      if (!sharedState.has(owner)) sharedState.set(owner, make())
      return sharedState.get(owner) as T
    },
    acquire(request) {
      const resolved = registry.resolve(request)
      const { options, build, exclusive, handshake } = resolved
      if (exclusive) exclusiveCount++
      const key = exclusive ? `${resolved.key}\0#${exclusiveCount}` : resolved.key
      let entry = entries.get(key)
      if (!entry) {
        const own = exclusive ? { ...policy, reconnect: null, heartbeat: null } : policy
        entry = {
          handle: createConnection({ key, options, build, handshake, connect: config.connect, scheduler, policy: own }),
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
      scheduler.used(current.handle)
      // A new user wants the socket open, even if an earlier one closed it or it failed.
      const status = current.handle.view.status
      if (status === 'idle' || status === 'closed') current.handle.view.open()

      let released = false
      return {
        connection: current.handle.view,
        release() {
          if (released || disposed) return
          released = true
          current.users--
          if (current.users > 0) return
          // Nobody waits on a socket of its own, nor for a slot someone else is waiting for.
          if (exclusive || (waiting.length > 0 && active.has(current.handle))) {
            drop(current)
            return
          }
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
      return entry ? entry.handle.view : undefined
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
      sharedState = new Map()
    },
  }
  return registry
}
