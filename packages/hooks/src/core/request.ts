import type { Detail } from '../messages'
import { socketError } from './errors'
import type { SocketConnectOptions } from './types'
import { buildSocketUrl, type QueryData } from './url'

/** What a user asks for: the URL and Taro's connectSocket options. */
export interface SocketRequest {
  url: string
  /** Sent as a query string on the URL, as Alipay and Tini do. */
  data?: QueryData
  header?: Readonly<Record<string, string>>
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
}

export interface ResolvedRequest {
  /** Equal keys share one socket: normalized URL + protocols + header. */
  key: string
  options: SocketConnectOptions
  exclusive?: boolean | undefined
}

// An HTTP token (RFC 9110): what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Validates a request and gives its sharing key. Throws SocketError; nothing reaches the platform. */
export function resolveRequest(request: SocketRequest): ResolvedRequest {
  const url = buildSocketUrl(request.url, request.data)
  const options: SocketConnectOptions = { url }
  const { header, protocols, tcpNoDelay, method } = request
  const headerKey: string[] = []

  if (header !== undefined) {
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw badOption('`header`', 'header')
    }
    options.header = {}
    for (const name of Object.keys(header)) {
      const value = header[name]
      // A name is an HTTP token (RFC 9110); the platforms forbid Referer; no line breaks in values.
      if (!HEADER_NAME.test(name) || /^referer$/i.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
        throw badOption(`Header "${name}"`, 'headerField')
      }
      options.header[name] = value
      headerKey.push(`${name.toLowerCase()}:${value}`)
    }
  }
  if (protocols !== undefined) {
    if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== 'string' || !p)) {
      throw badOption('`protocols`', 'protocols')
    }
    options.protocols = [...protocols]
  }
  if (tcpNoDelay !== undefined) options.tcpNoDelay = tcpNoDelay
  if (method !== undefined) options.method = method
  return { key: [url, (protocols || []).join(), headerKey.sort().join('\n')].join('\0'), options, exclusive: request.exclusive }
}

function badOption(got: string, detail: Detail) {
  return socketError('INVALID_OPTIONS', { got, detail })
}
