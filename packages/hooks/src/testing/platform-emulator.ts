import { Buffer } from 'node:buffer'
import WebSocket from 'ws'
import { systemClock, type Clock } from '../core/clock'
import type { AppLifecycle, SocketConnectOptions } from '../core/types'
import { emulateStorage, type EmulatedStorage } from './storage'

/**
 * The one place where platform behaviour is emulated. `connectSocket` has the shape of
 * `Taro.connectSocket` and each task the shape of Taro's SocketTask, backed by a real
 * `ws` client, with each platform's documented quirks:
 *
 * - weapp, qq, tt, swan, lark: 5 sockets; the 6th connect fails. A slot frees when onClose fires.
 * - rn: Taro's React Native runtime refuses a 3rd socket.
 * - h5: Taro's H5 runtime refuses a 6th (the real runtime is tested separately).
 * - alipay, tini: one global socket; a new connect silently closes the old one (no onClose),
 *   and Taro's Alipay runtime drops the close code and reason. Errors carry numbered codes.
 * - alipay-multiple: Alipay's own `my.connectSocket({ multiple: true })`, a real task per
 *   socket (5 at most here); install `alipayGlobal()` as the global `my` and give the registry
 *   `adapter: alipayMultipleTasks()`, as an app opts in.
 * - everywhere: close() before open does nothing; send() before open fails; a socket counts
 *   against the limit until the platform reports its close, including a handshake that never
 *   completes (until the platform's own connect timeout, `connectTimeout`).
 * - background: `app.hide({ killSockets: true })` closes every socket the way the platform does
 *   (WeChat: onClose 1000 "interrupted"; Douyin: 1001; the others silently, no onClose);
 *   `killSockets: 'silently'` forces the silent kill.
 * - idle: with `idleTimeout`, a socket with no traffic for that long is closed by the platform.
 * - send data: WeChat and the other 5-socket mini-programs take a string or an ArrayBuffer (a
 *   typed array fails); Alipay takes only a String, binary as base64 with `isBuffer: true`, and
 *   hands binary it receives over the same way.
 * - Alipay/Tini's global socket: `my.offSocket*` removes handlers; `globalHandlers` counts them.
 * - Douyin: with `protocols` given, a server that picks none fails the connection.
 * - storage: Taro's sync storage API with each platform's limits (see storage.ts); it is the
 *   device's, so a cold start (a new emulator given `storage`) finds what the app kept.
 *
 * Each quirk's source is named where it is modelled below.
 */
export type EmulatedPlatform = 'weapp' | 'qq' | 'tt' | 'swan' | 'lark' | 'rn' | 'h5' | 'alipay' | 'alipay-multiple' | 'tini'

interface CloseDetail {
  code: number
  reason: string
}

interface Profile {
  /** sockets at once; 'single' = one global socket that a new connect replaces */
  limit: number | 'single'
  dropsCloseCode: boolean
  numbered: boolean
  /** How the platform closes the sockets of an app in the background; null: silently, no onClose. */
  backgroundClose: CloseDetail | null
  /**
   * One global socket API behind every task: a handler given to any task hears every socket,
   * for good, and close/send act on whichever socket is current.
   */
  globalEvents?: boolean
  /** What SocketTask.send takes as `data`, and how binary arrives. */
  data: 'string-or-arraybuffer' | 'alipay-base64' | 'web'
  /** A handshake whose server picked none of the given protocols fails. */
  needsProtocol?: boolean
}

// WeChat: "when a mini-program stays in the background over 5 s the client cuts its network
// connections", reported to the app as onClose 1000 "interrupted"; an idle long connection is
// closed by the client too (WeChat developer community, "长连开发经验分享").
const WECHAT_INTERRUPTED: CloseDetail = { code: 1000, reason: 'interrupted' }
// Douyin: SocketTask.close documents 1001 as "closed for an abnormal reason such as being in the background".
const DOUYIN_BACKGROUND: CloseDetail = { code: 1001, reason: '' }

// Send data: WeChat's SocketTask.send doc gives `data` as string or ArrayBuffer; QQ's, Baidu's,
// Feishu's and Douyin's docs copy WeChat's API. Taro's H5 and RN tasks wrap a browser-style
// WebSocket, whose send takes views too ('web'). Alipay: see ALIPAY below.
const PROFILES: Record<EmulatedPlatform, Profile> = {
  // Limits: Taro's connectSocket doc (WeChat 5 since 1.7.0), uni-app's (QQ 5, Baidu several, Alipay 1).
  weapp: { limit: 5, dropsCloseCode: false, numbered: false, backgroundClose: WECHAT_INTERRUPTED, data: 'string-or-arraybuffer' },
  qq: { limit: 5, dropsCloseCode: false, numbered: false, backgroundClose: null, data: 'string-or-arraybuffer' },
  // Douyin's tt.connectSocket doc (注意事项): with non-empty `protocols`, the server must return
  // one of them, or creating the WebSocket fails.
  tt: {
    limit: 5,
    dropsCloseCode: false,
    numbered: false,
    backgroundClose: DOUYIN_BACKGROUND,
    data: 'string-or-arraybuffer',
    needsProtocol: true,
  },
  swan: { limit: 5, dropsCloseCode: false, numbered: false, backgroundClose: null, data: 'string-or-arraybuffer' },
  lark: { limit: 5, dropsCloseCode: false, numbered: false, backgroundClose: null, data: 'string-or-arraybuffer' },
  // Taro 4's H5 runtime refuses a 6th; its RN runtime a 3rd.
  h5: { limit: 5, dropsCloseCode: false, numbered: false, backgroundClose: null, data: 'web' },
  rn: { limit: 2, dropsCloseCode: false, numbered: false, backgroundClose: null, data: 'web' },
  // Alipay's my.connectSocket doc: one socket, a new one disables the old; numbered errors 1-12.
  // Taro's Alipay runtime routes every task to the global my.onSocket*/my.closeSocket, which
  // take no code or reason. Tini's doc: the same single socket.
  // Taro's Alipay runtime replaces each task's onOpen/onMessage/onError/onClose/send/close with
  // the global my.onSocketOpen… and my.sendSocketMessage/my.closeSocket (read from
  // @tarojs/plugin-platform-alipay 4.2): handlers pile up and hear every later socket until
  // my.offSocketOpen/offSocketMessage/offSocketError/offSocketClose remove them (same doc folder).
  // ALIPAY: my.sendSocketMessage's doc (and SocketTask.send, "the same parameters" in
  // my.connectSocket's doc): `data` is a String, binary goes as base64 with `isBuffer: true`;
  // my.onSocketMessage's doc: received binary is `{ data: <base64>, isBuffer: true }`.
  alipay: { limit: 'single', dropsCloseCode: true, numbered: true, backgroundClose: null, globalEvents: true, data: 'alipay-base64' },
  'alipay-multiple': { limit: 5, dropsCloseCode: false, numbered: true, backgroundClose: null, data: 'alipay-base64' },
  tini: { limit: 'single', dropsCloseCode: true, numbered: true, backgroundClose: null, globalEvents: true, data: 'alipay-base64' },
}

export interface EmulatorOptions {
  /**
   * ms the platform waits for a handshake before it gives up, reporting onError then onClose
   * and freeing the socket's place. Until then the socket counts against the limit even if the
   * app called close() (a close before open does nothing). WeChat's default
   * (app.json networkTimeout.connectSocket) is 60 000. Default 60 000.
   */
  connectTimeout?: number
  /** ms with no traffic either way after which the platform closes a socket. Default: never. */
  idleTimeout?: number
  /**
   * The platform's own timers (connectTimeout, idleTimeout) on this clock; give it the registry's
   * test clock and the platform's time passes with the library's. The engine's timers by default.
   */
  clock?: Clock
  /** The device's storage from an earlier run (a cold start); a new, empty one by default. */
  storage?: EmulatedStorage
}

const PLATFORM_NAMES = Object.keys(PROFILES) as EmulatedPlatform[]

type Callback<T> = (result: T) => void
interface CallbackOptions {
  success?: Callback<unknown>
  fail?: Callback<unknown>
  complete?: Callback<unknown>
}

interface Handlers {
  open: Callback<{ header: Record<string, string> }>[]
  message: Callback<{ data: string | ArrayBuffer; isBuffer?: boolean }>[]
  error: Callback<unknown>[]
  close: Callback<{ code: number; reason: string }>[]
}

const newHandlers = (): Handlers => ({ open: [], message: [], error: [], close: [] })

export class EmulatedSocketTask {
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  private readonly ws: WebSocket
  private silenced = false
  private connectTimer: unknown
  private idleTimer: unknown
  private readonly handlers: Handlers

  constructor(
    option: SocketConnectOptions,
    private readonly profile: Profile,
    private readonly timing: Required<Omit<EmulatorOptions, 'storage'>>,
    private readonly gone: (task: EmulatedSocketTask) => void,
    /** With globalEvents: the handlers every task shares, and the socket that is current. */
    global?: { handlers: Handlers; current: () => EmulatedSocketTask | undefined },
  ) {
    this.handlers = global ? global.handlers : newHandlers()
    this.route = global ? () => global.current() ?? this : () => this
    this.ws = new WebSocket(option.url, option.protocols ?? [], { headers: option.header ?? {} })
    this.ws.binaryType = 'arraybuffer'
    this.ws.on('open', () => {
      this.timing.clock.clearTimeout(this.connectTimer)
      this.touch()
      this.emit('open', { header: {} })
    })
    this.ws.on('message', (data, isBinary) => {
      this.touch()
      if (!isBinary) {
        this.emit('message', { data: String(data) })
      } else if (this.profile.data === 'alipay-base64') {
        this.emit('message', { data: Buffer.from(data as ArrayBuffer).toString('base64'), isBuffer: true })
      } else {
        // The app's own ArrayBuffer, as on a device (one realm): under Jest, `ws` hands over Node's,
        // which fails the app's `instanceof ArrayBuffer` (MQTT.js reads such data as a Blob).
        this.emit('message', { data: new Uint8Array(data as ArrayBuffer).slice().buffer })
      }
    })
    this.ws.on('error', (err) => {
      // Douyin's doc: no protocol from the server fails the connection. `ws` fails it the same way
      // (as browsers do), so it fails everywhere here; Douyin and Alipay say so in their own words.
      if (this.profile.needsProtocol && /subprotocol/.test(err.message)) {
        this.emit('error', { errMsg: 'connectSocket:fail the server returned none of the protocols' })
      } else if (this.profile.numbered && /no subprotocol/.test(err.message)) {
        // Alipay's error 9: "no Sec-WebSocket-Protocol" in the response.
        this.emit('error', this.failure(9, 'connectSocket:fail no Sec-WebSocket-Protocol'))
      } else {
        this.emit('error', this.failure(1, `WebSocket error: ${err.message}`))
      }
    })
    this.ws.on('close', (code, reason) => {
      if (this.silenced) return
      this.forget()
      this.emit('close', { code, reason: reason.toString() })
    })
    // The platform's own handshake timeout: only then does a stuck socket stop counting.
    // Alipay numbers it 6, "Connection timed out".
    this.connectTimer = this.timing.clock.setTimeout(() => {
      if (this.ws.readyState !== WebSocket.CONNECTING) return
      this.interrupt({ code: 1006, reason: 'connect timeout' }, this.failure(6, 'connectSocket:fail timeout'))
    }, this.timing.connectTimeout)
  }

  /** True while the handshake has not finished. */
  get connecting(): boolean {
    return this.ws.readyState === WebSocket.CONNECTING
  }

  get readyState(): number {
    return this.ws.readyState
  }

  // Where send and close act: this socket, or with globalEvents the current one.
  private readonly route: () => EmulatedSocketTask

  send(option: { data: unknown; isBuffer?: boolean } & CallbackOptions): void {
    const target = this.route()
    if (target !== this) {
      target.send(option)
      return
    }
    if (this.ws.readyState !== WebSocket.OPEN) {
      this.settle(option, this.failure(10, 'sendSocketMessage:fail WebSocket is not connected'))
      return
    }
    const { data } = option
    const tag = Object.prototype.toString.call(data)
    let frame: string | ArrayBuffer | ArrayBufferView
    if (this.profile.data === 'alipay-base64') {
      // Alipay's doc: `data` is a String; anything else fails as "send failed" (its error 11).
      if (typeof data !== 'string') {
        this.settle(option, this.failure(11, 'sendSocketMessage:fail data must be a String'))
        return
      }
      frame = option.isBuffer ? new Uint8Array(Buffer.from(data, 'base64')) : data
    } else if (typeof data === 'string' || tag === '[object ArrayBuffer]') {
      frame = data as string | ArrayBuffer
    } else if (this.profile.data === 'web' && ArrayBuffer.isView(data)) {
      frame = data
    } else {
      // WeChat's SocketTask.send doc: string or ArrayBuffer; a typed array is a parameter error.
      // The tag is "[object Uint8Array]": its name is between "[object " and "]".
      const typeName = tag.slice('[object '.length, -1)
      this.settle(option, this.failure(1, `sendSocketMessage:fail parameter error: parameter.data should be String or ArrayBuffer instead of ${typeName}`))
      return
    }
    this.touch()
    this.ws.send(frame, (err) => this.settle(option, err ? this.failure(11, `sendSocketMessage:fail ${err.message}`) : undefined))
  }

  close(option: { code?: number; reason?: string } & CallbackOptions = {}): void {
    const target = this.route()
    if (target !== this) {
      target.close(option)
      return
    }
    // The platforms' docs: a close before the socket opened does nothing.
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.settle(option, undefined)
      return
    }
    if (this.profile.dropsCloseCode) this.ws.close()
    else this.ws.close(option.code ?? 1000, option.reason)
    this.settle(option, undefined)
  }

  onOpen(cb: Callback<{ header: Record<string, string> }>): void {
    this.handlers.open.push(cb)
  }
  onMessage(cb: Callback<{ data: string | ArrayBuffer; isBuffer?: boolean }>): void {
    this.handlers.message.push(cb)
  }
  onError(cb: Callback<unknown>): void {
    this.handlers.error.push(cb)
  }
  onClose(cb: Callback<{ code: number; reason: string }>): void {
    this.handlers.close.push(cb)
  }

  /** One-socket platforms: a newer connect replaces this one, and nobody is told. */
  replace(): void {
    this.silenced = true
    this.forget()
    this.ws.terminate()
  }

  /** The platform drops the socket itself and reports it: onError (if given), then onClose. */
  interrupt(detail: CloseDetail, error?: unknown): void {
    if (this.silenced) return
    this.silenced = true
    this.forget()
    this.ws.terminate()
    if (error !== undefined) this.emit('error', error)
    this.emit('close', detail)
  }

  /** Backgrounded: closed as this platform does it, or silently. */
  kill(silently: boolean): void {
    const detail = this.profile.backgroundClose
    if (silently || !detail) this.replace()
    else this.interrupt(detail)
  }

  private forget(): void {
    this.timing.clock.clearTimeout(this.connectTimer)
    this.timing.clock.clearTimeout(this.idleTimer)
    this.gone(this)
  }

  // Any traffic restarts the idle clock; WeChat reports the idle close like its background close.
  private touch(): void {
    if (this.timing.idleTimeout === Infinity) return
    this.timing.clock.clearTimeout(this.idleTimer)
    this.idleTimer = this.timing.clock.setTimeout(() => this.interrupt(this.profile.backgroundClose ?? { code: 1006, reason: 'idle' }), this.timing.idleTimeout)
  }

  /** Shape of the platform's error objects: Alipay numbers them, WeChat gives errMsg. */
  failure(code: number, errMsg: string): unknown {
    return this.profile.numbered ? { error: code, errorMessage: errMsg } : { errMsg }
  }

  private settle(option: CallbackOptions, failure: unknown): void {
    if (failure === undefined) option.success?.({ errMsg: 'ok' })
    else option.fail?.(failure)
    option.complete?.(failure ?? { errMsg: 'ok' })
  }

  private emit<K extends keyof EmulatedSocketTask['handlers']>(event: K, result: Parameters<EmulatedSocketTask['handlers'][K][number]>[0]): void {
    for (const cb of [...this.handlers[event]]) (cb as Callback<typeof result>)(result)
  }
}

type Off = (cb?: Callback<never>) => void

export interface AlipayGlobal {
  canIUse(feature: string): boolean
  connectSocket(option: SocketConnectOptions & CallbackOptions & { multiple?: boolean }): EmulatedSocketTask | undefined
  offSocketOpen?: Off
  offSocketMessage?: Off
  offSocketError?: Off
  offSocketClose?: Off
}

export interface PlatformEmulator {
  platform: EmulatedPlatform
  /** Same shape as Taro.connectSocket. */
  connectSocket(option: SocketConnectOptions & CallbackOptions): Promise<EmulatedSocketTask>
  /** Every option connectSocket was called with, valid or not. */
  calls: SocketConnectOptions[]
  /** Tasks the platform counts against its limit right now. */
  readonly liveTasks: number
  /** connectSocket calls the platform refused because its limit was reached. */
  readonly refusals: number
  /** The app's hide/show and network events, as Taro.onAppHide & co. deliver them. */
  lifecycle: AppLifecycle
  /**
   * Spread into SocketProvider or createSocketRegistry: this platform's name, connect and
   * lifecycle, and allowInsecure (test servers on 127.0.0.1 speak ws://).
   */
  registryOptions: { platform: EmulatedPlatform; connect: PlatformEmulator['connectSocket']; lifecycle: AppLifecycle; allowInsecure: true }
  app: {
    /**
     * The app goes to the background. With `killSockets: true` the platform closes every socket
     * as it does (WeChat reports 1000 "interrupted", Douyin 1001, others nothing at all);
     * `'silently'` drops them without onClose on any platform.
     */
    hide(options?: { killSockets?: boolean | 'silently' }): void
    show(): void
    network(online: boolean): void
    /** Lifecycle listeners attached right now. */
    readonly listeners: number
  }
  /**
   * An Alipay `my` object backed by this emulator: canIUse, connectSocket with multiple: true,
   * and on 'alipay'/'tini' my.offSocketOpen/offSocketMessage/offSocketError/offSocketClose.
   */
  alipayGlobal(): AlipayGlobal
  /** Handlers registered on the global my.onSocket* right now ('alipay', 'tini'; else 0). */
  readonly globalHandlers: number
  /** The device's storage, with Taro's sync storage API (taroStorage(platform.storage)). */
  storage: EmulatedStorage
  /** Terminates every socket (end of a test, or the app being killed). */
  destroy(): void
}

export function emulatePlatform(platform: EmulatedPlatform, options: EmulatorOptions = {}): PlatformEmulator {
  const profile = PROFILES[platform]
  if (!profile) {
    throw new Error(`emulatePlatform: unknown platform ${JSON.stringify(platform)}; use one of ${PLATFORM_NAMES.join(', ')}.`)
  }
  const timing = {
    connectTimeout: options.connectTimeout ?? 60_000,
    idleTimeout: options.idleTimeout ?? Infinity,
    clock: options.clock ?? systemClock,
  }
  const storage = options.storage ?? emulateStorage(platform)
  let refusals = 0
  const live = new Set<EmulatedSocketTask>()
  const global = profile.globalEvents ? { handlers: newHandlers(), current: () => [...live].pop() } : undefined
  const all = new Set<EmulatedSocketTask>()
  const calls: SocketConnectOptions[] = []

  const connectSocket = (option: SocketConnectOptions & CallbackOptions) =>
    new Promise<EmulatedSocketTask>((resolve, reject) => {
      calls.push(option)
      const fail = (failure: unknown) => {
        option.fail?.(failure)
        option.complete?.(failure)
        reject(failure)
      }
      // The native success callback comes later than the call.
      setTimeout(() => {
        const task = open(option, fail)
        if (!task) return
        option.success?.({ errMsg: 'connectSocket:ok' })
        option.complete?.({ errMsg: 'connectSocket:ok' })
        resolve(task)
      }, 0)
    })

  function open(option: SocketConnectOptions, fail: (failure: unknown) => void): EmulatedSocketTask | undefined {
    const numbered = (code: number, errMsg: string) => (profile.numbered ? { error: code, errorMessage: errMsg } : { errMsg })
    if (typeof option.url !== 'string' || option.url === '') {
      fail(numbered(3, 'connectSocket:fail url is empty'))
      return undefined
    }
    if (!/^wss?:\/\//.test(option.url)) {
      fail(numbered(5, 'connectSocket:fail url must start with ws:// or wss://'))
      return undefined
    }
    if (profile.limit === 'single') {
      // Alipay's error 2, "a network connection already exists": a socket still in its handshake
      // is not replaced; only an open one is (silently, per the doc).
      if ([...live].some((t) => t.connecting)) {
        refusals++
        fail(numbered(2, 'connectSocket:fail a socket is already connecting'))
        return undefined
      }
      for (const task of [...live]) task.replace()
    } else if (live.size >= profile.limit) {
      // WeChat's wording; Alipay (multiple mode) answers with its error 2.
      refusals++
      fail(numbered(2, `connectSocket:fail exceed max task count (${profile.limit})`))
      return undefined
    }
    const task = new EmulatedSocketTask(option, profile, timing, (t) => live.delete(t), global)
    live.add(task)
    all.add(task)
    return task
  }

  const hide = new Set<() => void>()
  const show = new Set<() => void>()
  const network = new Set<(online: boolean) => void>()
  const lifecycle: AppLifecycle = {
    listen(events) {
      // Each listener is its own function, as the platforms' onAppHide… take them.
      const onHide = () => events.hide()
      const onShow = () => events.show()
      const onNetwork = (online: boolean) => events.network(online)
      hide.add(onHide)
      show.add(onShow)
      network.add(onNetwork)
      return () => {
        hide.delete(onHide)
        show.delete(onShow)
        network.delete(onNetwork)
      }
    },
  }

  return {
    platform,
    connectSocket,
    calls,
    lifecycle,
    storage,
    registryOptions: { platform, connect: connectSocket, lifecycle, allowInsecure: true },
    app: {
      hide({ killSockets = false } = {}) {
        for (const cb of [...hide]) cb()
        if (killSockets) for (const task of [...live]) task.kill(killSockets === 'silently')
      },
      show() {
        for (const cb of [...show]) cb()
      },
      network(online) {
        if (!online) for (const task of [...live]) task.replace()
        for (const cb of [...network]) cb(online)
      },
      get listeners() {
        return hide.size + show.size + network.size
      },
    },
    get liveTasks() {
      return live.size
    },
    get refusals() {
      return refusals
    },
    get globalHandlers() {
      return global ? Object.values(global.handlers).reduce((n: number, list: unknown[]) => n + list.length, 0) : 0
    },
    alipayGlobal() {
      // Alipay's my.offSocket* docs: with a callback, removes that one; without, every one.
      const off =
        (event: keyof Handlers): Off =>
        (cb) => {
          if (!global) return
          const list = global.handlers[event] as unknown[]
          if (cb === undefined) list.length = 0
          else if (list.includes(cb)) list.splice(list.indexOf(cb), 1)
        }
      return {
        ...(global ? { offSocketOpen: off('open'), offSocketMessage: off('message'), offSocketError: off('error'), offSocketClose: off('close') } : {}),
        canIUse: (feature: string) => feature === 'connectSocket.object.multiple' && platform === 'alipay-multiple',
        connectSocket(option: SocketConnectOptions & CallbackOptions & { multiple?: boolean }) {
          calls.push(option)
          const task = open(option, (failure) => {
            option.fail?.(failure)
            option.complete?.(failure)
          })
          if (task) option.success?.({ errMsg: 'connectSocket:ok' })
          return task
        },
      }
    },
    destroy() {
      for (const task of all) task.replace()
      all.clear()
    },
  }
}
