import { DETAILS, MESSAGES, type MessageParams } from '../messages'

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
  | 'TOPIC_REFUSED'
  | 'REQUEST_TIMEOUT'
  | 'REQUEST_FAILED'
  | 'REQUEST_LOST'
  | 'HANDSHAKE_FAILED'
  | 'PUBLISH_REFUSED'
  | 'ACK_TIMEOUT'
  | 'OUTBOX_FULL'
  | 'STORAGE_FAILED'
  | 'STORAGE_CORRUPT'

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
 * Makes the error for a code from the catalogue. Production builds carry the code and where to
 * read about it instead of the full text; the platform's own errMsg and number are always kept,
 * because production logs are where mini-program failures are read.
 */
export function socketError(code: SocketErrorCode, params: MessageParams = {}, details?: SocketErrorDetails): SocketError {
  // The NODE_ENV test itself (not only the catalogue being undefined) lets an app's production
  // build fold this to the short form and drop the rest.
  const message =
    process.env.NODE_ENV !== 'production' && MESSAGES && DETAILS
      ? MESSAGES[code](params.detail && !params.why ? { ...params, why: DETAILS[params.detail](params) } : params)
      : `${code}${params.why ? `: ${params.why}` : ''} (see taro-socket-hooks README, Errors)`
  return new SocketError(code, message, details)
}

/**
 * Turns whatever a platform handed to `fail`/`onError` (or threw) into a SocketError,
 * keeping its numeric code (Alipay's 1-12, WeChat's errno) and errMsg.
 */
export function fromPlatformError(code: SocketErrorCode, params: MessageParams, raw: unknown): SocketError {
  if (raw instanceof SocketError) return raw
  // A bare string is the platform's message.
  const fields = (raw && typeof raw === 'object' ? raw : { errMsg: raw }) as Record<string, unknown>
  const platformCode = [fields.errCode, fields.error, fields.errno, fields.code].find((v): v is number => typeof v === 'number')
  const errMsg = [fields.errMsg, fields.errorMessage, fields.message].find((v): v is string => typeof v === 'string' && v !== '')
  const why = errMsg || (platformCode === undefined ? undefined : `platform error ${platformCode}`)
  return socketError(code, why ? { ...params, why } : params, { platformCode, errMsg, cause: raw })
}

/** The rejection of a send or request made without a socket (no URL, disabled, or invalid: then that error). */
export function rejectNoSocket(error?: unknown): Promise<never> {
  return Promise.reject(error || socketError('NOT_OPEN', { detail: 'noSocket' }))
}
