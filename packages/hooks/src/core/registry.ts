import { reconnectPolicy, type ReconnectOptions } from './backoff'
import { Connection, type ConnectionPolicy, type SlotScheduler } from './connection'
import { SocketError } from './errors'
import { heartbeatPolicy, type HeartbeatOptions } from './heartbeat'
import { taroLifecycle, type AppLifecycle } from './lifecycle'
import { adapterFor } from '../platforms'
import { detectPlatform, socketLimitFor } from './platform'
import { resolveRequest, type ResolvedRequest, type SocketRequest } from './request'
import type { SocketTransport } from './transport'

/** What to do when every platform slot is taken. */
export type OverflowPolicy = 'queue' | 'evict' | 'reject'

export interface SocketRegistryOptions {
  /** Platform name as in TARO_ENV (`weapp`, `alipay`, `h5`, …); read from the build by default. */
  platform?: string
  /** Sockets open at once; defaults to the platform's limit. */
  maxConnections?: number
  /** Default `'queue'`. */
  overflow?: OverflowPolicy
  /** Opens a socket; `Taro.connectSocket` by default. */
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
  /**
   * Accept ws:// URLs. Off on mini-program platforms, which take only wss:// outside their
   * developer tools (INSECURE_URL); on for H5 and React Native. Turn on for local development.
   */
  allowInsecure?: boolean
  /** Sends larger than this many bytes (UTF-8 for text) fail with MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number
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

interface Entry {
  connection: Connection
  users: number
  timer: ReturnType<typeof setTimeout> | undefined
}

/**
 * Hands out shared, reference-counted connections, and keeps the number of platform
 * sockets within the platform's limit. A slot counts as taken until the platform's
 * onClose has fired, because that is when the platforms free it.
 *
 * Slots are fair: a connection keeps its slot from its grant until it closes for good, through
 * its reconnect backoff, so that after a server restart the sockets that were open come back
 * before newcomers; connections waiting for a slot get one in the order they asked.
 */
export class SocketRegistry implements SlotScheduler {
  readonly platform: string | undefined
  readonly maxConnections: number
  readonly overflow: OverflowPolicy
  readonly allowInsecure: boolean
  private readonly connect: SocketTransport
  private readonly releaseDelay: number
  private readonly policy: ConnectionPolicy
  private readonly lifecycle: AppLifecycle
  private listening = false
  private hidden = false
  private disposed = false

  private readonly entries = new Map<string, Entry>()
  // Connections holding a slot, and sockets given up on that the platform still counts.
  private readonly active = new Set<Connection>()
  private abandoned = 0
  private pumping = false
  private waiting: Connection[] = []
  // Evicted connections wait their turn; they never evict in return (no ping-pong).
  private readonly evicted = new WeakSet<Connection>()
  private readonly watchers = new Set<() => void>()

  constructor(options: SocketRegistryOptions = {}) {
    this.platform = options.platform ?? detectPlatform()
    const adapter = adapterFor(this.platform)
    const max = options.maxConnections ?? (options.connect ? socketLimitFor(this.platform) : adapter.maxConnections)
    if (!Number.isInteger(max) || max < 1) {
      throw new SocketError('INVALID_OPTIONS', `maxConnections must be a whole number of at least 1, got ${String(max)}.`)
    }
    this.maxConnections = max
    this.overflow = options.overflow ?? 'queue'
    if (!['queue', 'evict', 'reject'].includes(this.overflow)) {
      throw new SocketError('INVALID_OPTIONS', `overflow must be 'queue', 'evict' or 'reject', got ${String(this.overflow)}.`)
    }
    this.connect = options.connect ?? adapter.connect
    this.allowInsecure = options.allowInsecure ?? !adapter.requiresSecure
    this.releaseDelay = options.releaseDelay ?? 1000
    this.policy = {
      reconnect: reconnectPolicy(options.reconnect),
      heartbeat: heartbeatPolicy(options.heartbeat),
      connectTimeout: options.connectTimeout ?? 10_000,
      closeTimeout: options.closeTimeout ?? 5_000,
      platformConnectTimeout: options.platformConnectTimeout ?? 60_000,
      maxQueuedMessages: options.maxQueuedMessages ?? 100,
      maxMessageBytes: options.maxMessageBytes ?? Infinity,
      ...(options.random ? { random: options.random } : {}),
    }
    this.lifecycle = options.lifecycle ?? taroLifecycle
  }

  /**
   * Joins (or opens) the connection for this request. Throws SocketError on invalid input,
   * before anything reaches the platform.
   */
  /** Validates a request against this registry's rules and gives its sharing key. Throws SocketError. */
  resolve(request: SocketRequest): ResolvedRequest {
    if (this.disposed) {
      throw new SocketError('DISPOSED', 'This registry was disposed (its SocketProvider unmounted); create a new one to open sockets.')
    }
    const resolved = resolveRequest(request)
    if (!this.allowInsecure && resolved.options.url.startsWith('ws://')) {
      throw new SocketError(
        'INSECURE_URL',
        `ws:// is refused on ${this.platform ?? 'this platform'}: mini-programs take only wss://. Use wss://, or allowInsecure: true for local development.`,
      )
    }
    return resolved
  }

  acquire(request: SocketRequest): SocketLease {
    const { key, options } = this.resolve(request)
    let entry = this.entries.get(key)
    if (!entry) {
      const connection = new Connection({
        key,
        options,
        connect: this.connect,
        scheduler: this,
        policy: this.policy,
      })
      entry = { connection, users: 0, timer: undefined }
      this.entries.set(key, entry)
      this.listen()
    }
    const current = entry
    current.users++
    if (current.timer !== undefined) {
      clearTimeout(current.timer)
      current.timer = undefined
    }
    current.connection.touch()
    // A new user wants the socket open, even if an earlier one closed it or it failed.
    if (current.connection.status === 'idle' || current.connection.status === 'closed') current.connection.open()

    let released = false
    return {
      connection: current.connection,
      release: () => {
        if (released) return
        released = true
        this.releaseUser(current)
      },
    }
  }

  /** The connection for this request, if one exists; opens nothing. */
  peek(request: SocketRequest): Connection | undefined {
    try {
      return this.connectionFor(this.resolve(request).key)
    } catch {
      return undefined
    }
  }

  /** The connection for an already resolved key, if one exists. */
  connectionFor(key: string): Connection | undefined {
    return this.entries.get(key)?.connection
  }

  stats(): SocketRegistryStats {
    return {
      platform: this.platform,
      maxConnections: this.maxConnections,
      active: this.active.size,
      abandoned: this.abandoned,
      queued: this.waiting.length,
      connections: this.entries.size,
    }
  }

  /** Called whenever stats may have changed (slots taken or freed, queue moved). */
  watch(callback: () => void): () => void {
    this.watchers.add(callback)
    return () => this.watchers.delete(callback)
  }

  /** Closes every connection now, users or not (app teardown, tests). */
  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.drop(entry)
  }

  /**
   * Closes every socket now and stops listening to the app; the registry opens nothing after
   * this (DISPOSED). A SocketProvider disposes the registry it made when it unmounts.
   */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.waiting = []
    this.closeAll()
    this.unlisten()
  }

  get appHidden(): boolean {
    return this.hidden
  }

  // SlotScheduler -----------------------------------------------------------

  request(connection: Connection): void {
    if (this.active.has(connection)) {
      // Reconnecting with its slot kept; it waits only for sockets the platform still counts.
      if (this.active.size + this.abandoned <= this.maxConnections) connection.grant()
      else this.waiting.unshift(connection)
      this.changed()
      return
    }
    if (this.active.size + this.abandoned < this.maxConnections) {
      this.grant(connection)
      return
    }
    // A socket nobody uses any more (still in its release delay) makes room first.
    const idle = [...this.entries.values()].find((e) => e.users === 0 && this.active.has(e.connection))
    if (idle) {
      this.waiting.push(connection)
      this.drop(idle)
      this.changed()
      return
    }
    if (this.overflow === 'reject') {
      connection.refuse(
        new SocketError(
          'LIMIT_REACHED',
          `All ${this.maxConnections} sockets this platform allows are in use; close one, or use overflow: 'queue'.`,
        ),
      )
      return
    }
    if (this.overflow === 'evict' && !this.evicted.has(connection)) {
      const victim = this.leastRecentlyUsed()
      if (victim) {
        this.waiting.unshift(connection)
        this.evicted.add(victim)
        victim.evict()
        this.changed()
        return
      }
    }
    this.waiting.push(connection)
    this.changed()
  }

  cancel(connection: Connection): void {
    this.waiting = this.waiting.filter((c) => c !== connection)
    this.changed()
  }

  release(connection: Connection): void {
    this.active.delete(connection)
    this.waiting = this.waiting.filter((c) => c !== connection)
    this.pump()
  }

  holdAbandoned(): () => void {
    this.abandoned++
    this.changed()
    let held = true
    return () => {
      if (!held) return
      held = false
      this.abandoned--
      this.pump()
    }
  }

  wanted(connection: Connection): boolean {
    const entry = this.entries.get(connection.key)
    return entry?.connection === connection && entry.users > 0
  }

  // -------------------------------------------------------------------------

  // Hands free slots to waiting connections, in order; those keeping a slot are at the front.
  private pump(): void {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.waiting.length > 0) {
        const next = this.waiting[0]!
        const used = this.active.size + this.abandoned
        if (this.active.has(next) ? used > this.maxConnections : used >= this.maxConnections) break
        this.waiting.shift()
        const entry = this.entries.get(next.key)
        // Nobody uses it any more (its release delay is running): close it instead of opening it.
        if (entry?.connection === next && entry.users === 0) this.drop(entry)
        else if (this.active.has(next)) next.grant()
        else this.grant(next)
      }
    } finally {
      this.pumping = false
    }
    this.changed()
  }

  private grant(connection: Connection): void {
    this.active.add(connection)
    this.evicted.delete(connection)
    connection.grant()
    this.changed()
  }

  private leastRecentlyUsed(): Connection | undefined {
    let victim: Connection | undefined
    for (const c of this.active) {
      if (c.status !== 'open' && c.status !== 'connecting') continue
      if (!victim || c.lastUsed < victim.lastUsed) victim = c
    }
    return victim
  }

  private releaseUser(entry: Entry): void {
    if (this.disposed) return
    entry.users--
    if (entry.users > 0) return
    entry.timer = setTimeout(() => {
      entry.timer = undefined
      if (entry.users === 0) this.drop(entry)
    }, this.releaseDelay)
  }

  // Forgets the entry (a later acquire gets a fresh connection) and closes its socket.
  private drop(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer)
    entry.timer = undefined
    if (this.entries.get(entry.connection.key) === entry) this.entries.delete(entry.connection.key)
    entry.connection.close()
    if (this.entries.size === 0) this.unlisten()
    this.changed()
  }

  // App lifecycle: listeners exist only while some connection does. ----------

  private readonly onHide = () => {
    this.hidden = true
    for (const { connection } of this.entries.values()) connection.pause()
  }

  private readonly onShow = () => {
    this.hidden = false
    this.checkAll()
  }

  private readonly onNetwork = (online: boolean) => {
    if (online) this.checkAll()
  }

  private checkAll(): void {
    for (const { connection } of [...this.entries.values()]) connection.check()
  }

  private listen(): void {
    if (this.listening) return
    this.listening = true
    this.lifecycle.onHide(this.onHide)
    this.lifecycle.onShow(this.onShow)
    this.lifecycle.onNetworkChange(this.onNetwork)
  }

  private unlisten(): void {
    if (!this.listening) return
    this.listening = false
    this.lifecycle.offHide(this.onHide)
    this.lifecycle.offShow(this.onShow)
    this.lifecycle.offNetworkChange(this.onNetwork)
  }

  private changed(): void {
    for (const w of this.watchers) w()
  }
}

export function createSocketRegistry(options?: SocketRegistryOptions): SocketRegistry {
  return new SocketRegistry(options)
}
