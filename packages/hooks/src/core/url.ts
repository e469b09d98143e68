import { socketError } from './errors'

/**
 * URL handling without the `URL` and `URLSearchParams` globals, which mini-program
 * engines lack. Only what a WebSocket URL needs: ws/wss, an authority, a path, a query.
 */

export type QueryData = Readonly<Record<string, unknown>>

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//
// authority = [userinfo@]host[:port]; host is a name, an IPv4 address or [IPv6].
const AUTHORITY = /^(?:[^@/?#\s]*@)?(\[[0-9a-fA-F:.]+\]|[^:@/?#\s[\]]+)(?::(\d*))?$/
const DEFAULT_PORT: Record<string, string> = { ws: '80', wss: '443' }

export interface ParsedUrl {
  scheme: 'ws' | 'wss'
  /** userinfo@host:port as written, lowercased host, default port dropped */
  authority: string
  path: string
  /** without the leading `?`; '' when absent */
  query: string
}

export function parseSocketUrl(url: unknown): ParsedUrl {
  if (typeof url !== 'string') throw invalid(url === null ? 'null' : typeof url, 'it is not a string')
  const trimmed = url.trim()
  if (trimmed === '') throw invalid('""', 'it is empty')

  const scheme = SCHEME.exec(trimmed)
  if (!scheme) throw invalid(trimmed, 'it is not absolute')
  const protocol = scheme[1]!.toLowerCase()
  if (protocol !== 'ws' && protocol !== 'wss') throw socketError('INVALID_SCHEME', { got: protocol })

  const rest = trimmed.slice(scheme[0].length)
  if (/\s/.test(rest)) throw invalid(trimmed, 'it contains white space (percent-encode it as %20)')
  if (rest.includes('#')) throw invalid(trimmed, 'WebSocket URLs have no #fragment')
  const pathStart = firstIndex(rest, '/', '?')
  const authority = pathStart === -1 ? rest : rest.slice(0, pathStart)
  const tail = pathStart === -1 ? '' : rest.slice(pathStart)
  const match = AUTHORITY.exec(authority)
  if (!match) throw invalid(trimmed, 'it has no valid host')
  const port = match[2]
  if (port !== undefined && port !== '' && (Number(port) < 1 || Number(port) > 65535)) {
    throw invalid(trimmed, `port ${port} is out of range (1-65535)`)
  }

  const q = tail.indexOf('?')
  const path = (q === -1 ? tail : tail.slice(0, q)) || '/'
  const query = q === -1 ? '' : tail.slice(q + 1)

  const at = authority.lastIndexOf('@')
  const userinfo = at === -1 ? '' : authority.slice(0, at + 1)
  const host = match[1]!.toLowerCase()
  const keepPort = port !== undefined && port !== '' && port !== DEFAULT_PORT[protocol]
  return {
    scheme: protocol,
    authority: userinfo + host + (keepPort ? `:${port}` : ''),
    path,
    query,
  }
}

export function formatSocketUrl(parsed: ParsedUrl): string {
  return `${parsed.scheme}://${parsed.authority}${parsed.path}${parsed.query ? `?${parsed.query}` : ''}`
}

/**
 * Validates, normalizes and appends `data` as a query string, as Alipay and Tini do
 * with their `data` option. Equal sockets get equal strings, which is what the registry keys on.
 */
export function buildSocketUrl(url: unknown, data?: QueryData): string {
  const parsed = parseSocketUrl(url)
  const extra = data ? encodeQuery(data) : ''
  if (extra) parsed.query = parsed.query ? `${parsed.query}&${extra}` : extra
  return formatSocketUrl(parsed)
}

/**
 * Encodes an object as a query string: arrays repeat the key, objects become JSON,
 * null and undefined are left out. Keys keep their insertion order.
 */
export function encodeQuery(data: QueryData): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw socketError('INVALID_OPTIONS', { got: '`data`', why: 'it must be a plain object of query parameters' })
  }
  const parts: string[] = []
  for (const key of Object.keys(data)) {
    const value = data[key]
    const values = Array.isArray(value) ? (value as unknown[]) : [value]
    for (const v of values) {
      if (v === undefined || v === null) continue
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(stringifyValue(v))}`)
    }
  }
  return parts.join('&')
}

function stringifyValue(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function firstIndex(s: string, a: string, b: string): number {
  const i = s.indexOf(a)
  const j = s.indexOf(b)
  if (i === -1) return j
  if (j === -1) return i
  return Math.min(i, j)
}

// The URL as given goes into the message without its query, where tokens live.
function invalid(url: string, why: string) {
  return socketError('INVALID_URL', { got: `"${redact(url)}"`, why })
}

/** URLs can carry tokens in their query: messages show scheme, host and path only. */
export function redact(url: string): string {
  const q = url.search(/[?#]/)
  return q === -1 ? url : `${url.slice(0, q)}?…`
}
