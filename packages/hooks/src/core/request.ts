import { socketError } from './errors'
import type { HandshakeFeature } from './handshake'
import type { SocketConnectOptions } from './types'
import { buildSocketUrl, type QueryData } from './url'

/** What a function given for `url`, `data` or `header` is told at each connect. */
export interface ConnectContext {
  /** 0 for a first connect, then 1, 2, … for each reconnect in a row (back to 0 once a socket stays open). */
  attempt: number
  /** The last socket closed with one of `reconnect.authCloseCodes`: refresh the credentials now. */
  authFailed: boolean
}

/** A value, or a function (sync or async) asked for it at each connect and reconnect. */
export type Dynamic<T> = T | ((context: ConnectContext) => T | Promise<T>)

/** What a user asks for: the URL and Taro's connectSocket options. */
export interface SocketRequest {
  /**
   * ws:// or wss://. A function is asked at each connect (sockets are shared by the function
   * itself: keep it stable, at module level or in useCallback).
   */
  url: Dynamic<string>
  /**
   * Sent as a query string on the URL, as Alipay and Tini do. A function (a token that expires)
   * is asked at each connect and reconnect; users of one URL then share one socket whatever it gives.
   */
  data?: Dynamic<QueryData>
  /** A function is asked at each connect and reconnect, like `data`. */
  header?: Dynamic<Readonly<Record<string, string>>>
  protocols?: readonly string[]
  tcpNoDelay?: boolean
  /** WeChat only; others ignore it. */
  method?: string
  /**
   * A socket of its own: not shared, released as soon as its user lets go, and never
   * reconnecting or pinging by itself, as a standard WebSocket behaves (TaroWebSocket uses it;
   * the client above it reconnects). It still counts against the platform's limit.
   */
  exclusive?: boolean
  /**
   * Runs on every open and reopen before anything else is sent (an auth frame, a protocol's
   * init): `handshake: handshake(async (socket) => …)`, made once at module level (see Handshake).
   * A shared socket runs the handshake of the user that made it.
   */
  handshake?: HandshakeFeature
}

export interface ResolvedRequest {
  /** Equal keys share one socket: normalized URL + protocols + header. */
  key: string
  /** The connect options; with functions given, those known now (the URL without the functions' parts). */
  options: SocketConnectOptions
  /** With functions given: asks them and gives the options for one connect. Rejects with SocketError. */
  build?: ((context: ConnectContext) => Promise<SocketConnectOptions>) | undefined
  exclusive?: boolean | undefined
  handshake?: HandshakeFeature | undefined
}

// An HTTP token (RFC 9110): what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** The registry's rules for requests. */
export interface RequestRules {
  /** Throws on a URL the registry refuses (ws:// where only wss:// goes). */
  checkUrl(url: string): void
  /** An id for a function given as `url`, the same for the same function: its sockets are shared by identity. */
  idOf(url: object): number
}

/** A registry's rules: its own URL check, and ids for URL functions kept for its lifetime. */
export function requestRules(checkUrl: (url: string) => void = () => undefined): RequestRules {
  const ids = new WeakMap<object, number>()
  let count = 0
  return {
    checkUrl,
    idOf(url) {
      let id = ids.get(url)
      if (id === undefined) {
        count++
        id = count
        ids.set(url, id)
      }
      return id
    },
  }
}

/**
 * Validates a request and gives its sharing key under the registry's rules. Throws SocketError;
 * nothing reaches the platform.
 */
export function resolveRequest(request: SocketRequest, rules: RequestRules): ResolvedRequest {
  const { url, data, header, protocols, tcpNoDelay, method, handshake } = request
  // handshake() makes the feature; development builds tell whoever passed a plain function or object.
  if (process.env.NODE_ENV !== 'production' && handshake !== undefined && typeof handshake !== 'function') {
    throw socketError('INVALID_OPTIONS', { got: '`handshake`', detail: 'feature' })
  }
  const extra: Omit<SocketConnectOptions, 'url' | 'header'> = {}
  if (protocols !== undefined) {
    if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== 'string' || !p)) {
      throw socketError('INVALID_OPTIONS', { got: '`protocols`', detail: 'protocols' })
    }
    extra.protocols = [...protocols]
  }
  if (tcpNoDelay !== undefined) extra.tcpNoDelay = tcpNoDelay
  if (method !== undefined) extra.method = method

  const build = (urlText: string, query: QueryData | undefined, headers: Readonly<Record<string, string>> | undefined): SocketConnectOptions => {
    const options: SocketConnectOptions = { url: buildSocketUrl(urlText, query), ...extra }
    rules.checkUrl(options.url)
    if (headers !== undefined) options.header = checkHeader(headers)
    return options
  }
  // Parts given as functions are asked for at each connect: check what is known now, key on it.
  const urlFn = typeof url === 'function'
  const dataFn = typeof data === 'function'
  const headerFn = typeof header === 'function'
  const known = build(urlFn ? 'wss://url-function' : url, dataFn ? undefined : data, headerFn ? undefined : header)
  const ask = <T>(value: Dynamic<T>, context: ConnectContext) =>
    typeof value === 'function' ? (value as (c: ConnectContext) => T | Promise<T>)(context) : value
  const headerKey = Object.keys(known.header || {})
    .map((name) => `${name.toLowerCase()}:${known.header![name]}`)
    .sort()
  return {
    key: [urlFn ? `#${rules.idOf(url)}` : known.url, (protocols || []).join(), headerFn ? 'header()' : headerKey.join('\n'), dataFn ? 'data()' : ''].join('\0'),
    options: urlFn ? { ...known, url: '' } : known,
    build:
      urlFn || dataFn || headerFn
        ? async (context) => {
            const [urlText, query, headers] = await Promise.all([ask(url, context), ask(data, context), ask(header, context)])
            return build(urlText, query, headers)
          }
        : undefined,
    exclusive: request.exclusive,
    handshake,
  }
}

function checkHeader(header: Readonly<Record<string, string>>): Record<string, string> {
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw socketError('INVALID_OPTIONS', { got: '`header`', detail: 'header' })
  }
  const out: Record<string, string> = {}
  for (const name of Object.keys(header)) {
    const value = header[name]
    // A name is an HTTP token (RFC 9110); the platforms forbid Referer; no line breaks in values.
    if (!HEADER_NAME.test(name) || /^referer$/i.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw socketError('INVALID_OPTIONS', { got: `Header "${name}"`, detail: 'headerField' })
    }
    out[name] = value
  }
  return out
}
