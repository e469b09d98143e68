import { SocketError } from './errors'
import type { SocketConnectOptions } from './transport'
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

/** Validates a request and gives its sharing key. Throws SocketError; nothing reaches the platform. */
export function resolveRequest(request: SocketRequest): ResolvedRequest {
  const url = buildSocketUrl(request.url, request.data)
  const options: SocketConnectOptions = { url }

  if (request.header !== undefined) {
    if (typeof request.header !== 'object' || request.header === null || Array.isArray(request.header)) {
      throw new SocketError('INVALID_OPTIONS', '`header` must be an object of header names to string values.')
    }
    const header: Record<string, string> = {}
    for (const name of Object.keys(request.header)) {
      const value = request.header[name]
      if (typeof value !== 'string') {
        throw new SocketError('INVALID_OPTIONS', `Header "${name}" must have a string value.`)
      }
      header[name] = value
    }
    options.header = header
  }
  if (request.protocols !== undefined) {
    if (!Array.isArray(request.protocols) || request.protocols.some((p) => typeof p !== 'string' || p === '')) {
      throw new SocketError('INVALID_OPTIONS', '`protocols` must be an array of non-empty strings.')
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
