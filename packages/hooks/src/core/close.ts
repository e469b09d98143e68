import { socketError } from './errors'

/** Same rule as the WebSocket standard's close(): 1000, or 3000-4999 for applications. */
export function validateCloseCode(code: unknown): number {
  if (code === undefined) return 1000
  if (typeof code !== 'number' || !Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    throw socketError('INVALID_CLOSE_CODE', { got: String(code) })
  }
  return code
}

export const MAX_CLOSE_REASON_BYTES = 123

export function validateCloseReason(reason: unknown): string | undefined {
  if (reason === undefined) return undefined
  if (typeof reason !== 'string') {
    throw socketError('INVALID_OPTIONS', { got: `A close reason of type ${typeof reason}`, detail: 'reason' })
  }
  const bytes = utf8ByteLength(reason)
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    throw socketError('CLOSE_REASON_TOO_LONG', { n: bytes })
  }
  return reason
}

/** UTF-8 length without TextEncoder; a lone surrogate counts as U+FFFD (3 bytes), as encoders write it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    // A high surrogate (D800-DBFF) then a low one (DC00-DFFF): one code point, 4 bytes. Past the
    // end charCodeAt gives NaN, which is no low surrogate.
    else if ((code & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
