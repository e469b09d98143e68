/**
 * Base64 for Alipay's binary messages, which travel as base64 text (`isBuffer: true`).
 * Written out because mini-program engines have no atob/btoa, TextEncoder or Buffer, and Alipay
 * offers no base64 API of its own.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer)
  let out = ''
  // Three bytes make four characters: one 24-bit group at a time (the fast path for large frames).
  for (let i = 0; i < bytes.length; i += 3) {
    // A byte past the end reads as undefined, which the bit operators treat as 0.
    const group = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[group >> 18]! + ALPHABET[(group >> 12) & 63] + ALPHABET[(group >> 6) & 63] + ALPHABET[group & 63]
  }
  // A short last group: its made-up characters become '=' padding.
  const padding = (3 - (bytes.length % 3)) % 3
  return out.slice(0, out.length - padding) + '='.repeat(padding)
}

/** Decodes base64 text; padding, line breaks and any other character outside the alphabet are skipped. */
export function fromBase64(text: string): ArrayBuffer {
  // Room for one byte per character, more than enough (four make three): the copy at the end
  // keeps only what was written. Sizing it exactly costs bytes and gains no speed.
  const out = new Uint8Array(text.length)
  let value = 0
  let bits = 0
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const sextet = ALPHABET.indexOf(text[i]!)
    if (sextet < 0) continue
    // Only the low bits matter: the shift drops what is above 32, the Uint8Array what is above 8.
    value = (value << 6) | sextet
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[length] = value >> bits
      length++
    }
  }
  return out.buffer.slice(0, length)
}
