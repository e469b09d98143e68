const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function toBase64(buffer: ArrayBuffer): string {
  let out = ''
  let value = 0
  let bits = 0
  for (const byte of new Uint8Array(buffer)) {
    value = (value << 8) | byte
    bits += 8
    while (bits > 5) out += ALPHABET[(value >> (bits -= 6)) & 63]
  }
  if (bits) out += ALPHABET[(value << (6 - bits)) & 63]
  while (out.length % 4) out += '='
  return out
}

export function fromBase64(text: string): ArrayBuffer {
  const out = new Uint8Array((text.length * 3) >> 2)
  let value = 0
  let bits = 0
  let j = 0
  for (const char of text) {
    const sextet = ALPHABET.indexOf(char)
    if (sextet < 0) continue
    value = (value << 6) | sextet
    bits += 6
    if (bits > 7) out[j++] = value >> (bits -= 8)
  }
  return out.buffer.slice(0, j)
}
