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
}

export interface ResolvedRequest {
  /** Equal keys share one socket: normalized URL + protocols + header. */
  key: string
  options: SocketConnectOptions
}

// An HTTP token (RFC 9110): what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Validates a request and gives its sharing key. Throws SocketError; nothing reaches the platform. */
export function resolveRequest(request: SocketRequest): ResolvedRequest {
  const url = buildSocketUrl(request.url, request.data)
  const options: SocketConnectOptions = { url }

  if (request.header !== undefined) {
    if (typeof request.header !== 'object' || request.header === null || Array.isArray(request.header)) {
      throw badOption('`header`', 'it must be an object of header names to string values')
    }
    const header: Record<string, string> = {}
    for (const name of Object.keys(request.header)) {
      const value = request.header[name]
      if (!HEADER_NAME.test(name)) {
        throw badOption(`Header name "${name}"`, "a name has letters, digits and !#$%&'*+-.^_`|~ only")
      }
      if (name.toLowerCase() === 'referer') {
        throw badOption('Header Referer', 'the platforms forbid setting it on a socket')
      }
      if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
        throw badOption(`Header "${name}"`, 'a value is a string without line breaks')
      }
      header[name] = value
    }
    options.header = header
  }
  if (request.protocols !== undefined) {
    if (!Array.isArray(request.protocols) || request.protocols.some((p) => typeof p !== 'string' || p === '')) {
      throw badOption('`protocols`', 'it must be an array of non-empty strings')
    }
    options.protocols = [...request.protocols]
  }
  if (request.tcpNoDelay !== undefined) options.tcpNoDelay = request.tcpNoDelay
  if (request.method !== undefined) options.method = request.method

  const headerKey = options.header
    ? Object.keys(options.header)
        .map((name) => `${name.toLowerCase()}:${options.header![name]}`)
        .sort()
        .join('\n')
    : ''
  return { key: `${url}\u0000${(options.protocols ?? []).join(',')}\u0000${headerKey}`, options }
}

function badOption(got: string, why: string) {
  return socketError('INVALID_OPTIONS', { got, why })
}
