/**
 * Base64 for Alipay's binary messages, which travel as base64 text (`isBuffer: true`).
 * Written out because mini-program engines have no atob/btoa, TextEncoder or Buffer; kept short
 * because it ships in the Alipay build.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer)
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    // Three bytes make four characters; a byte past the end reads as 0 (undefined << 8 is 0).
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63]
  }
  // A short last group: its made-up characters become '=' padding.
  const pad = (3 - (bytes.length % 3)) % 3
  return out.slice(0, out.length - pad) + '=='.slice(2 - pad)
}

/** Decodes base64 text; padding, line breaks and any other character outside the alphabet are skipped. */
export function fromBase64(text: string): ArrayBuffer {
  const out = new Uint8Array((text.length * 3) >> 2)
  let value = 0
  let bits = 0
  let j = 0
  for (let i = 0; i < text.length; i++) {
    const sextet = ALPHABET.indexOf(text[i]!)
    if (sextet < 0) continue
    // Only the low bits matter: the shift drops what is above 32, the Uint8Array what is above 8.
    value = (value << 6) | sextet
    bits += 6
    if (bits > 7) out[j++] = value >> (bits -= 8)
  }
  return out.buffer.slice(0, j)
}
