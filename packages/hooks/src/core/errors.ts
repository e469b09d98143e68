/**
 * Stable, documented error codes. Code is the contract; the message is for people.
 */
export type SocketErrorCode =
  | 'INVALID_URL'
  | 'INVALID_SCHEME'
  | 'INSECURE_URL'
  | 'INVALID_OPTIONS'
  | 'INVALID_CLOSE_CODE'
  | 'CLOSE_REASON_TOO_LONG'
  | 'INVALID_MESSAGE'
  | 'MESSAGE_TOO_LARGE'
  | 'LIMIT_REACHED'
  | 'EVICTED'
  | 'CONNECT_FAILED'
  | 'CONNECTION_ERROR'
  | 'NOT_OPEN'
  | 'SEND_FAILED'
  | 'QUEUE_FULL'
  | 'MESSAGE_EXPIRED'
  | 'CONNECT_TIMEOUT'
  | 'HEARTBEAT_TIMEOUT'
  | 'RECONNECT_FAILED'
  | 'PARSE_FAILED'
  | 'DISPOSED'

export interface SocketErrorDetails {
  /** The platform's own numeric error code (Alipay's `error`, WeChat's `errno`), when it gave one. */
  platformCode?: number
  /** The platform's own `errMsg`, when it gave one. */
  errMsg?: string
  cause?: unknown
}

// `cause` is declared by merging, so it types the same under ES2020 and ES2022 libs.
export interface SocketError {
  /** What the platform handed over, or what was thrown. */
  readonly cause?: unknown
}

export class SocketError extends Error {
  readonly code: SocketErrorCode
  readonly platformCode?: number
  readonly errMsg?: string

  constructor(code: SocketErrorCode, message: string, details: SocketErrorDetails = {}) {
    super(message)
    this.name = 'SocketError'
    this.code = code
    if (details.platformCode !== undefined) this.platformCode = details.platformCode
    if (details.errMsg !== undefined) this.errMsg = details.errMsg
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause
    // Keeps `instanceof` working when compiled down to ES5 classes.
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

export function isSocketError(value: unknown): value is SocketError {
  return value instanceof SocketError
}

/**
 * Turns whatever a platform handed to `fail`/`onError` (or threw) into a SocketError,
 * keeping its numeric code and errMsg.
 */
export function fromPlatformError(code: SocketErrorCode, what: string, raw: unknown): SocketError {
  if (raw instanceof SocketError) return raw
  const details: SocketErrorDetails = { cause: raw }
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>
    const num = [r.errCode, r.error, r.errno, r.code].find((v) => typeof v === 'number')
    if (typeof num === 'number') details.platformCode = num
    const msg = [r.errMsg, r.errorMessage, r.message].find((v) => typeof v === 'string' && v !== '')
    if (typeof msg === 'string') details.errMsg = msg
  } else if (typeof raw === 'string' && raw !== '') {
    details.errMsg = raw
  }
  // Alipay's numbered codes (1 unknown … 12 out of memory) come with their own errorMessage.
  const said = details.errMsg ?? (details.platformCode !== undefined ? `platform error ${details.platformCode}` : undefined)
  return new SocketError(code, said ? `${what}: ${said}` : what, details)
}
