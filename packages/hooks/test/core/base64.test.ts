/**
 * The base64 codec Alipay's binary messages need, checked against Node's own encoder, with the
 * globals mini-program engines lack taken away while it runs.
 */
import { Buffer as NodeBuffer } from 'node:buffer'
import { fromBase64, toBase64 } from '../../src/core/base64'

const GLOBALS = ['atob', 'btoa', 'Buffer', 'TextEncoder', 'TextDecoder', 'URL'] as const
const g = globalThis as Record<string, unknown>
const saved = new Map<string, unknown>()
beforeAll(() => {
  for (const name of GLOBALS) {
    saved.set(name, g[name])
    delete g[name]
  }
})
afterAll(() => {
  for (const [name, value] of saved) if (value !== undefined) g[name] = value
})

const bytes = (values: number[]): ArrayBuffer => new Uint8Array(values).buffer
const reference = (values: Uint8Array): string => NodeBuffer.from(values).toString('base64')

describe('base64 for Alipay binary messages', () => {
  it('runs without atob, btoa, Buffer or TextEncoder', () => {
    expect(GLOBALS.filter((name) => g[name] !== undefined)).toEqual([])
    expect(toBase64(bytes([104, 105]))).toBe('aGk=')
  })

  it('encodes and decodes all 256 byte values exactly', () => {
    const all = new Uint8Array(Array.from({ length: 256 }, (_, i) => i))
    const text = toBase64(all.buffer)
    expect(text).toBe(reference(all))
    expect(text).toHaveLength(344)
    expect([...new Uint8Array(fromBase64(text))]).toEqual([...all])
  })

  it.each([0, 1, 2, 3, 4, 5])('pads a message of %i bytes as the standard does, and reads it back', (length) => {
    const data = new Uint8Array(Array.from({ length }, (_, i) => 250 - i * 7))
    const text = toBase64(data.buffer)
    expect(text).toBe(reference(data))
    expect([...new Uint8Array(fromBase64(text))]).toEqual([...data])
  })

  it('round-trips a large buffer (1 MiB of every byte value)', () => {
    const data = new Uint8Array(1 << 20).map((_, i) => (i * 31 + (i >> 8)) & 255)
    const text = toBase64(data.buffer)
    expect(text).toBe(reference(data))
    const back = new Uint8Array(fromBase64(text))
    expect(back.length).toBe(data.length)
    expect(NodeBuffer.from(back).equals(NodeBuffer.from(data))).toBe(true)
  })

  it('reads base64 without padding or with line breaks', () => {
    expect([...new Uint8Array(fromBase64('aGk'))]).toEqual([104, 105])
    expect([...new Uint8Array(fromBase64('aGVs\nbG8='))]).toEqual([...'hello'].map((c) => c.charCodeAt(0)))
  })
})
