import { socketError } from './errors'

/**
 * URL handling without the `URL` and `URLSearchParams` globals, which mini-program
 * engines lack. Only what a WebSocket URL needs: ws/wss, an authority, a path, a query.
 */

export type QueryData = Readonly<Record<string, unknown>>

const SCHEME = /^([a-z][a-z\d+.-]*):\/\//i
// After the scheme: [userinfo@]host[:port] then path and query; host is a name, IPv4 or [IPv6].
const REST = /^([^@/?]*@)?(\[[\da-f:.]+\]|[^:@/?[\]]+)(?::(\d*))?([^?]*)(\?.*)?$/i

/**
 * Validates, normalizes (lower-case scheme and host, no default port, `/` for an empty path) and
 * appends `data` as a query string, as Alipay and Tini do with their `data` option. Equal sockets
 * get equal strings, which is what the registry keys on. Throws SocketError.
 */
export function buildSocketUrl(url: unknown, data?: QueryData): string {
  const text = typeof url === 'string' ? url.trim() : ''
  if (!text) throw socketError('INVALID_URL', { got: typeof url === 'string' ? `"${url}"` : String(url), detail: 'empty' })
  const scheme = SCHEME.exec(text)
  if (!scheme) throw socketError('INVALID_URL', { got: redact(text), detail: 'relative' })
  const protocol = scheme[1]!.toLowerCase()
  if (protocol !== 'ws' && protocol !== 'wss') throw socketError('INVALID_SCHEME', { got: protocol })
  const rest = text.slice(scheme[0].length)
  if (/[\s#]/.test(rest)) throw socketError('INVALID_URL', { got: redact(text), detail: 'spaceOrFragment' })
  const parts = REST.exec(rest)
  if (!parts) throw socketError('INVALID_URL', { got: redact(text), detail: 'host' })
  const [, user = '', host, port, path, query = ''] = parts
  if (port && !(Number(port) >= 1 && Number(port) <= 65535)) throw socketError('INVALID_URL', { got: redact(text), detail: 'port' })
  // The default port is left out, so that wss://host and wss://host:443 share a socket.
  const portPart = port && port !== (protocol === 'ws' ? '80' : '443') ? `:${port}` : ''
  const base = `${protocol}://${user}${host!.toLowerCase()}${portPart}${path || '/'}`
  const extra = data ? encodeQuery(data) : ''
  if (!extra) return base + query
  // A bare '?' counts as no query.
  return query.length > 1 ? `${base}${query}&${extra}` : `${base}?${extra}`
}

/**
 * Encodes an object as a query string: arrays repeat the key, objects become JSON,
 * null and undefined are left out. Keys keep their insertion order.
 */
export function encodeQuery(data: QueryData): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw socketError('INVALID_OPTIONS', { got: '`data`', detail: 'data' })
  }
  const parts: string[] = []
  for (const key of Object.keys(data)) {
    const given = data[key]
    const values = Array.isArray(given) ? (given as unknown[]) : [given]
    for (const value of values) {
      if (value == null) continue
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`)
    }
  }
  return parts.join('&')
}

/** URLs can carry tokens in their query: messages (and traces) show scheme, host and path only. */
export function redact(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : `${url.slice(0, end)}?…`
}
