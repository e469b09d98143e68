/**
 * A mini-program logic layer in Node, for running the compiled `dist/weapp` and `dist/alipay`
 * bundles as the platforms would: the globals `App`, `Page`, `Component`, `getApp`,
 * `getCurrentPages` and `wx` / `my` are defined in a fresh `vm` context, the bundle's files are
 * evaluated in it (app.js pulls in runtime, taro, vendors and common through `require`), and
 * pages are created from app.json. What the pages send to the view with `setData` is applied to
 * a data tree that tests read; taps and input go back through the page's `eh` handler, as the
 * view layer would send them.
 *
 * Sockets are real: `connectSocket` opens a `ws` client to a test server (the build's server
 * address is mapped to it), within the platform's rules: WeChat holds 5 tasks and fails a 6th;
 * Alipay has one global socket (a new connect closes the old) driven by `my.onSocket*`, or,
 * where `my.canIUse('connectSocket.object.multiple')` and the app asks for them
 * (`my.connectSocket({ multiple: true })`), tasks of its own. Taro wraps only the
 * APIs that are enumerable keys of `wx` / `my`, so every API here is a plain property.
 * Alipay's `my.onSocket*` keep every listener registered (there is `my.offSocket*` to remove
 * one, which Taro's task wrapper never calls).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import vm from 'node:vm'
import { emulateStorage, type EmulatedStorage } from 'taro-socket-hooks/testing'
import WebSocket from 'ws'

export type Platform = 'weapp' | 'alipay'

export interface HostOptions {
  dist: string
  platform: Platform
  /** Alipay only: answer `canIUse('connectSocket.object.multiple')` with true. */
  alipayMultiple?: boolean
  /** The server URL the bundle was built with, and the test server that stands in for it. */
  builtUrl: string
  serverUrl: string
}

/** A node of the view's data tree, in Taro's short keys (nn: name, cn: children, v: text). */
export interface ViewNode {
  nn?: string | number
  sid?: string
  uid?: string
  cl?: string
  v?: string
  cn?: ViewNode[]
  [prop: string]: unknown
}

type Callback = (res?: unknown) => void
interface CallbackOptions {
  success?: Callback
  fail?: Callback
  complete?: Callback
}
interface ConnectOptions extends CallbackOptions {
  url: string
  header?: Record<string, string>
  protocols?: string[]
  multiple?: boolean
}

export const WEAPP_SOCKET_LIMIT = 5
export const ALIPAY_MULTIPLE_LIMIT = 5

type Timer = { fn: () => void; every: number | undefined; due: number; handle?: ReturnType<typeof setTimeout> }

/**
 * The timers the bundle sees (`setTimeout`, `setInterval`: React's scheduler, Taro's, the
 * library's, the pages'). They run on real time until a test holds the clock; then nothing the
 * bundle scheduled fires until the test advances it. So a test can count what a page does in a
 * stretch of the page's own time, whatever the machine's speed: sockets keep delivering (they are
 * the platform's, not the bundle's timers) while the page's time stands still.
 */
export class HostClock {
  private held = false
  /** The page's time while held, in ms from the hold. */
  private now = 0
  private nextId = 1
  private readonly timers = new Map<number, Timer>()

  constructor(private readonly guard: (fn: () => void) => void) {}

  set(fn: () => void, ms: number | undefined, every?: number): number {
    const id = this.nextId++
    const timer: Timer = { fn, every, due: 0 }
    this.timers.set(id, timer)
    this.schedule(id, timer, Math.max(0, Number(ms) || 0))
    return id
  }

  clear(id: unknown) {
    const timer = this.timers.get(id as number)
    if (!timer) return
    clearTimeout(timer.handle)
    this.timers.delete(id as number)
  }

  private schedule(id: number, timer: Timer, delay: number) {
    if (this.held) {
      timer.due = this.now + delay
      return
    }
    timer.due = performance.now() + delay
    timer.handle = setTimeout(() => this.fire(id), delay)
  }

  private fire(id: number) {
    const timer = this.timers.get(id)
    if (!timer) return
    if (timer.every !== undefined) this.schedule(id, timer, Math.max(1, timer.every))
    else this.timers.delete(id)
    this.guard(timer.fn)
  }

  /** Stops the page's time: timers due from now wait for advance(). */
  hold() {
    if (this.held) return
    const real = performance.now()
    this.held = true
    this.now = 0
    for (const timer of this.timers.values()) {
      clearTimeout(timer.handle)
      timer.handle = undefined
      timer.due = Math.max(0, timer.due - real)
    }
  }

  /** Moves the held time on by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number) {
    if (!this.held) throw new Error('advance() needs hold() first')
    const target = this.now + ms
    for (let fired = 0; ; fired++) {
      if (fired > 100_000) throw new Error('timers keep rescheduling themselves at the same time')
      let next: [number, Timer] | undefined
      for (const entry of this.timers) if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry
      if (!next) break
      this.now = next[1].due
      this.fire(next[0])
      // What the timer set off (promise callbacks, React's commit, setData, socket events) runs before the next timer.
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.now = target
  }

  /** Real time again: waiting timers keep what was left of their delay. */
  release() {
    if (!this.held) return
    this.held = false
    for (const [id, timer] of this.timers) this.schedule(id, timer, Math.max(0, timer.due - this.now))
  }

  dispose() {
    for (const timer of this.timers.values()) clearTimeout(timer.handle)
    this.timers.clear()
  }
}

/** One platform socket over a real `ws` client. */
class NativeSocket {
  readonly ws: WebSocket
  closed = false
  readonly listeners = { open: [] as Callback[], message: [] as Callback[], error: [] as Callback[], close: [] as Callback[] }

  constructor(
    url: string,
    options: ConnectOptions,
    private readonly host: MiniProgramHost,
  ) {
    this.ws = new WebSocket(url, options.protocols ?? [], { headers: options.header })
    const path = new URL(url).pathname
    host.live.add(this)
    host.peakLive = Math.max(host.peakLive, host.live.size)
    this.ws.on('open', () => this.emit('open', { header: {} }))
    this.ws.on('message', (data, isBinary) => {
      const payload = isBinary ? new Uint8Array(data as Buffer).buffer : data.toString()
      host.delivered.set(path, (host.delivered.get(path) ?? 0) + 1)
      this.emit('message', host.platform === 'alipay' ? { data: payload, isBuffer: isBinary } : { data: payload })
    })
    this.ws.on('error', (err) => this.emit('error', { errMsg: `connectSocket:fail ${err.message}` }))
    this.ws.on('close', (code, reason) => {
      this.closed = true
      host.live.delete(this)
      this.emit('close', { code, reason: reason.toString() })
    })
  }

  // On a device connectSocket's success reaches the app before any event of that socket (one
  // event queue, success queued first). Node orders its timers and socket I/O freely, so events
  // wait here until success has been delivered (and Taro's promise has handed the task over).
  private held: (() => void)[] | null = []

  emit(type: keyof NativeSocket['listeners'], res: unknown) {
    const deliver = () => {
      for (const cb of [...this.listeners[type]]) this.host.guard(() => cb(res))
    }
    if (this.held) this.held.push(deliver)
    else deliver()
  }

  /** connectSocket's success has been delivered: events flow from now on. */
  release() {
    const held = this.held ?? []
    this.held = null
    for (const deliver of held) deliver()
  }

  send(options: CallbackOptions & { data: string | ArrayBuffer }) {
    if (this.ws.readyState !== WebSocket.OPEN) return this.host.later(options.fail, { errMsg: 'sendSocketMessage:fail socket is not connected' })
    this.ws.send(options.data)
    this.host.later(options.success, { errMsg: 'sendSocketMessage:ok' })
  }

  close(options: CallbackOptions & { code?: number; reason?: string } = {}) {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(options.code ?? 1000, options.reason)
    this.host.later(options.success, { errMsg: 'closeSocket:ok' })
  }

  /** The task object the platform hands back: methods only, like the native one. */
  task() {
    const on = (type: keyof NativeSocket['listeners']) => (cb: Callback) => void this.listeners[type].push(cb)
    return {
      send: (o: CallbackOptions & { data: string | ArrayBuffer }) => this.send(o),
      close: (o?: CallbackOptions & { code?: number; reason?: string }) => this.close(o),
      onOpen: on('open'),
      onMessage: on('message'),
      onError: on('error'),
      onClose: on('close'),
    }
  }
}

interface PageRecord {
  route: string
  config: Record<string, unknown>
}

export interface PageInstance {
  route: string
  data: { root: ViewNode }
  setData(patch: Record<string, unknown>, cb?: () => void): void
  [key: string]: unknown
}

export class MiniProgramHost {
  readonly platform: Platform
  /** Sockets the platform holds now (from connect until closed), and the most at once. */
  readonly live = new Set<NativeSocket>()
  peakLive = 0
  /** connectSocket calls the platform refused for being over its limit. */
  refused = 0
  /** Alipay single mode: connects that closed a socket still in use. */
  displaced = 0
  /** Alipay multiple-task mode: sockets opened as tasks of their own (the app opted in). */
  ownTasks = 0
  /** Every setData call: page route and time. */
  readonly setDataCalls: { route: string; at: number }[] = []
  /** Messages the server sent to the app, by the socket's path (/feed, /live…). */
  readonly delivered = new Map<string, number>()
  /** The bundle's timers; a test may hold them to count in the page's own time. */
  readonly clock = new HostClock((fn) => this.guard(fn))
  /** Errors thrown by bundle code in callbacks the host made. */
  readonly errors: unknown[] = []

  private readonly context: vm.Context
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageConfigs = new Map<string, PageRecord>()
  /** Custom components the pages use (Taro's recursive `comp` on WeChat), by path. */
  readonly componentConfigs = new Map<string, Record<string, unknown>>()
  private readonly instances = new Map<string, PageInstance>()
  /** The host's own platform callbacks (real time, never held). */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private appConfig: Record<string, unknown> | undefined
  private loadingRoute: string | null = null
  private current: PageInstance | null = null
  private globalSocket: NativeSocket | null = null
  private readonly globalListeners = { open: [] as Callback[], message: [] as Callback[], error: [] as Callback[], close: [] as Callback[] }
  readonly appJson: { pages: string[] }
  /** The device's storage (the platform's limits), behind wx/my's storage API. */
  readonly storage: EmulatedStorage

  constructor(private readonly options: HostOptions) {
    this.platform = options.platform
    this.storage = emulateStorage(options.platform)
    this.appJson = JSON.parse(readFileSync(join(options.dist, 'app.json'), 'utf8')) as { pages: string[] }
    this.context = vm.createContext(this.globals())
  }

  /** The emulated `wx` or `my`, as the bundle sees it. */
  get api(): { connectSocket(options: ConnectOptions): unknown; onSocketOpen(callback: Callback): void } {
    return this.context[this.platform === 'weapp' ? 'wx' : 'my'] as MiniProgramHost['api']
  }

  // The platform ------------------------------------------------------------

  private globals(): Record<string, unknown> {
    const host = this
    const api = this.platform === 'weapp' ? this.wx() : this.my()
    const timers = {
      setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.clock.set(() => fn(...args), ms),
      clearTimeout: (id: unknown) => this.clock.clear(id),
      setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.clock.set(() => fn(...args), ms, Number(ms) || 0),
      clearInterval: (id: unknown) => this.clock.clear(id),
    }
    return {
      ...timers,
      console,
      // Both logic layers have one; Taro's Alipay runtime patches its userAgent.
      navigator: { userAgent: this.platform === 'weapp' ? 'Mozilla/5.0 MicroMessenger/8.0.50' : 'Mozilla/5.0 AlipayClient/10.6.0' },
      [this.platform === 'weapp' ? 'wx' : 'my']: api,
      App(config: Record<string, unknown>) {
        host.appConfig = config
      },
      Page(config: Record<string, unknown>) {
        if (!host.loadingRoute) throw new Error('Page() called outside a page file')
        host.pageConfigs.set(host.loadingRoute, { route: host.loadingRoute, config })
      },
      Component(config: Record<string, unknown>) {
        if (!host.loadingRoute) throw new Error('Component() called outside a component file')
        host.componentConfigs.set(host.loadingRoute, config)
      },
      getApp: () => host.appConfig,
      getCurrentPages: () => (host.current ? [host.current] : []),
    }
  }

  private wx() {
    return {
      connectSocket: (options: ConnectOptions) => {
        if (this.live.size >= WEAPP_SOCKET_LIMIT) {
          this.refused++
          this.later(options.fail, { errMsg: 'connectSocket:fail exceed max task count' })
          return undefined
        }
        const socket = new NativeSocket(this.mapUrl(options.url), options, this)
        this.later(options.success, { errMsg: 'connectSocket:ok' })
        this.later(() => socket.release(), undefined)
        return socket.task()
      },
      getStorageSync: (key: string) => this.storage.getStorageSync(key),
      setStorageSync: (key: string, data: unknown) => this.storage.setStorageSync(key, data),
      removeStorageSync: (key: string) => this.storage.removeStorageSync(key),
      getStorageInfoSync: () => this.storage.getStorageInfoSync(),
      ...this.commonApis(),
    }
  }

  private my() {
    const listen = (type: keyof MiniProgramHost['globalListeners']) => (cb: Callback) => void this.globalListeners[type].push(cb)
    const unlisten = (type: keyof MiniProgramHost['globalListeners']) => (cb?: Callback) => {
      this.globalListeners[type] = cb ? this.globalListeners[type].filter((l) => l !== cb) : []
    }
    return {
      canIUse: (feature: string) => (feature === 'connectSocket.object.multiple' ? !!this.options.alipayMultiple : true),
      connectSocket: (options: ConnectOptions) => {
        if (options.multiple && this.options.alipayMultiple) {
          if (this.live.size >= ALIPAY_MULTIPLE_LIMIT) {
            this.refused++
            this.later(options.fail, { error: 2, errorMessage: 'too many sockets' })
            return undefined
          }
          const socket = new NativeSocket(this.mapUrl(options.url), options, this)
          this.ownTasks++
          this.later(options.success, {})
          this.later(() => socket.release(), undefined)
          return socket.task()
        }
        // One socket for the app: a new connect closes the one before, without telling anyone.
        const old = this.globalSocket
        if (old && !old.closed) {
          this.displaced++
          old.listeners.close.length = 0
          old.ws.terminate()
        }
        const socket = new NativeSocket(this.mapUrl(options.url), options, this)
        for (const type of ['open', 'message', 'error', 'close'] as const) {
          socket.listeners[type].push((res) => socket === this.globalSocket && this.globalListeners[type].forEach((cb) => this.guard(() => cb(res))))
        }
        this.globalSocket = socket
        this.later(options.success, {})
        this.later(() => socket.release(), undefined)
        return undefined
      },
      onSocketOpen: listen('open'),
      onSocketMessage: listen('message'),
      onSocketError: listen('error'),
      onSocketClose: listen('close'),
      offSocketOpen: unlisten('open'),
      offSocketMessage: unlisten('message'),
      offSocketError: unlisten('error'),
      offSocketClose: unlisten('close'),
      sendSocketMessage: (o: CallbackOptions & { data: string }) =>
        this.globalSocket ? this.globalSocket.send(o) : this.later(o.fail, { error: 10, errorMessage: 'no socket' }),
      closeSocket: (o: CallbackOptions = {}) => (this.globalSocket ? this.globalSocket.close(o) : this.later(o.success, {})),
      // Alipay's storage API takes objects (my.getStorageSync({ key }) → { data }, null when missing);
      // Taro's Alipay runtime turns Taro.getStorageSync(key) into that call.
      getStorageSync: ({ key }: { key: string }) => ({ data: this.storage.items.has(key) ? this.storage.getStorageSync(key) : null }),
      setStorageSync: ({ key, data }: { key: string; data: unknown }) => this.storage.setStorageSync(key, data),
      removeStorageSync: ({ key }: { key: string }) => this.storage.removeStorageSync(key),
      getStorageInfoSync: () => this.storage.getStorageInfoSync(),
      ...this.commonApis(),
    }
  }

  private commonApis() {
    const noop = () => {}
    return {
      onAppShow: noop,
      offAppShow: noop,
      onAppHide: noop,
      offAppHide: noop,
      onNetworkStatusChange: noop,
      offNetworkStatusChange: noop,
      getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 390, windowHeight: 844, pixelRatio: 2, SDKVersion: '3.0.0' }),
    }
  }

  private mapUrl(url: string): string {
    if (!url.startsWith(this.options.builtUrl)) throw new Error(`unexpected socket URL ${url}`)
    return this.options.serverUrl + url.slice(this.options.builtUrl.length)
  }

  /** A platform callback: asynchronous, as on a device. */
  later(cb: Callback | undefined, res: unknown) {
    if (!cb) return
    const t = setTimeout(() => {
      this.timers.delete(t)
      this.guard(() => cb(res))
    }, 0)
    this.timers.add(t)
  }

  guard(fn: () => void) {
    try {
      fn()
    } catch (error) {
      this.errors.push(error)
    }
  }

  // Loading -------------------------------------------------------------------

  private require(from: string, request: string): unknown {
    const file = normalize(join(dirname(from), request.endsWith('.js') ? request : `${request}.js`))
    const cached = this.modules.get(file)
    if (cached) return cached.exports
    const module = { exports: {} }
    this.modules.set(file, module)
    const source = readFileSync(join(this.options.dist, file), 'utf8')
    const fn = vm.runInContext(`(function (require, module, exports) {${source}\n})`, this.context, { filename: file }) as (
      r: (m: string) => unknown,
      m: { exports: unknown },
      e: unknown,
    ) => void
    fn((m) => this.require(file, m), module, module.exports)
    return module.exports
  }

  /** Evaluates app.js (which pulls in the runtime chunks) and every page file, then launches the app. */
  boot() {
    this.require('app.js', './app')
    if (!this.appConfig) throw new Error('app.js did not call App()')
    for (const route of this.appJson.pages) {
      this.loadingRoute = route
      this.require('app.js', `./${route}`)
      this.loadingRoute = null
      if (!this.pageConfigs.has(route)) throw new Error(`${route}.js did not call Page()`)
      this.loadComponents(route)
    }
    const launch = { path: this.appJson.pages[0], query: {}, scene: 1001 }
    ;(this.appConfig.onLaunch as (o: unknown) => void).call(this.appConfig, launch)
    ;(this.appConfig.onShow as ((o: unknown) => void) | undefined)?.call(this.appConfig, launch)
  }

  /** Loads the components a page or component declares in its .json, as the platform does. */
  private loadComponents(owner: string) {
    const json = JSON.parse(readFileSync(join(this.options.dist, `${owner}.json`), 'utf8')) as { usingComponents?: Record<string, string> }
    for (const request of Object.values(json.usingComponents ?? {})) {
      const path = normalize(join(dirname(owner), request))
      if (this.componentConfigs.has(path)) continue
      this.loadingRoute = path
      this.require('app.js', `./${path}`)
      this.loadingRoute = null
      if (!this.componentConfigs.has(path)) throw new Error(`${path}.js did not call Component()`)
      this.loadComponents(path)
    }
  }

  // Pages -----------------------------------------------------------------------

  private createPage(route: string): PageInstance {
    const record = this.pageConfigs.get(route)
    if (!record) throw new Error(`no page ${route}`)
    const host = this
    const data = JSON.parse(JSON.stringify(record.config.data ?? { root: { cn: [] } })) as { root: ViewNode }
    const page: PageInstance = {
      route,
      __route__: route,
      data,
      setData(patch, cb) {
        host.setDataCalls.push({ route, at: Date.now() })
        for (const [path, value] of Object.entries(patch)) setPath(data as unknown as Record<string, unknown>, path, value)
        if (cb) host.later(cb, undefined)
      },
    }
    for (const [key, value] of Object.entries(record.config)) {
      if (key !== 'data') page[key] = value
    }
    return page
  }

  private call(page: PageInstance, lifecycle: string, ...args: unknown[]) {
    const fn = page[lifecycle] as ((...a: unknown[]) => unknown) | undefined
    this.guard(() => void fn?.apply(page, args))
  }

  /** Opens a tab page the way switchTab does: the current page is hidden, not unloaded. */
  switchTab(route: string): PageInstance {
    if (this.current?.route === route) return this.current
    if (this.current) this.call(this.current, 'onHide')
    let page = this.instances.get(route)
    if (page) {
      this.current = page
      this.call(page, 'onShow')
    } else {
      page = this.createPage(route)
      this.instances.set(route, page)
      this.current = page
      this.call(page, 'onLoad', {})
      this.call(page, 'onShow')
      this.call(page, 'onReady')
    }
    return page
  }

  /** Unloads every page, as when the app is closed. */
  unloadAll() {
    if (this.current) this.call(this.current, 'onHide')
    for (const page of this.instances.values()) this.call(page, 'onUnload')
    this.instances.clear()
    this.current = null
  }

  // The view ------------------------------------------------------------------------

  find(page: PageInstance, id: string): ViewNode | undefined {
    return findNode(page.data.root, (n) => n.uid === id || n.id === id)
  }

  findAll(page: PageInstance, match: (node: ViewNode) => boolean): ViewNode[] {
    const out: ViewNode[] = []
    walk(page.data.root, (n) => void (match(n) && out.push(n)))
    return out
  }

  text(page: PageInstance, id: string): string {
    const node = this.find(page, id)
    return node ? textOf(node) : ''
  }

  /** Sends a view event for the element with this id through the page's `eh`, as the view layer does. */
  dispatch(page: PageInstance, id: string, type: string, detail: Record<string, unknown> = {}) {
    const node = this.find(page, id)
    if (!node?.sid) throw new Error(`no element #${id} on ${page.route}`)
    const target = { id: node.uid ?? node.sid, dataset: { sid: node.sid }, targetDataset: { sid: node.sid } }
    const event = { type, timeStamp: Date.now(), detail, target, currentTarget: target }
    this.guard(() => void (page.eh as (e: unknown) => unknown).call(page, event))
  }

  tap(page: PageInstance, id: string) {
    this.dispatch(page, id, 'tap', { x: 0, y: 0 })
  }

  input(page: PageInstance, id: string, value: string) {
    this.dispatch(page, id, 'input', { value, cursor: value.length })
  }

  dispose() {
    for (const socket of this.live) socket.ws.terminate()
    this.timers.forEach(clearTimeout)
    this.timers.clear()
    this.clock.dispose()
  }
}

// Data tree helpers ------------------------------------------------------------

/** Applies one setData path such as `root.cn.[0].cn.[2].v` (or `root.cn[0]`). */
export function setPath(tree: Record<string, unknown>, path: string, value: unknown) {
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!))
  let node = tree as Record<string | number, unknown>
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {}
    node = node[key] as Record<string | number, unknown>
  })
  node[keys[keys.length - 1]!] = clone(value)
}

const clone = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)))

function walk(node: ViewNode, visit: (n: ViewNode) => void) {
  visit(node)
  for (const child of node.cn ?? []) if (child) walk(child, visit)
}

function findNode(node: ViewNode, match: (n: ViewNode) => boolean): ViewNode | undefined {
  if (match(node)) return node
  for (const child of node.cn ?? []) {
    const found = child && findNode(child, match)
    if (found) return found
  }
  return undefined
}

export function textOf(node: ViewNode): string {
  return (node.v ?? '') + (node.cn ?? []).map((c) => (c ? textOf(c) : '')).join('')
}
