import { Buffer } from 'node:buffer'
import fc from 'fast-check'
import { utf8ByteLength, validateCloseCode, validateCloseReason } from '../../src/core/close'
import { SocketError } from '../../src/core/errors'
import { requestRules, resolveRequest as resolveWith, type SocketRequest } from '../../src/core/request'
import { buildSocketUrl, encodeQuery } from '../../src/core/url'

// One registry's rules (URL function ids live as long as they do).
const rules = requestRules()
const resolveRequest = (request: SocketRequest) => resolveWith(request, rules)

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(SocketError)
    return (e as SocketError).code
  }
  return undefined
}

describe('socket URLs', () => {
  it.each([
    [null, 'INVALID_URL'],
    [undefined, 'INVALID_URL'],
    [42, 'INVALID_URL'],
    ['', 'INVALID_URL'],
    ['   ', 'INVALID_URL'],
    ['example.com/socket', 'INVALID_URL'],
    ['ws://', 'INVALID_URL'],
    ['ws://host name/', 'INVALID_URL'],
    ['ws://example.com:99999/', 'INVALID_URL'],
    ['wss://example.com/chat#room', 'INVALID_URL'],
    ['https://example.com/socket', 'INVALID_SCHEME'],
    ['http://example.com/socket', 'INVALID_SCHEME'],
    ['ftp://example.com', 'INVALID_SCHEME'],
  ])('rejects %p with %s', (url, code) => {
    expect(codeOf(() => buildSocketUrl(url))).toBe(code)
  })

  it('tells the user what to write instead of an https URL', () => {
    expect(() => buildSocketUrl('https://example.com')).toThrow(/wss:\/\//)
  })

  it('keeps tokens in the query out of error messages', () => {
    expect(() => buildSocketUrl('example.com/socket?token=secret')).toThrow(/^(?!.*secret)/)
  })

  it.each([
    ['WSS://Example.COM/chat', 'wss://example.com/chat'],
    ['wss://example.com:443/chat', 'wss://example.com/chat'],
    ['ws://example.com:80', 'ws://example.com/'],
    ['ws://example.com:443/', 'ws://example.com:443/'],
    ['wss://example.com:80/', 'wss://example.com:80/'],
    ['ws://127.0.0.1:8080?x=1', 'ws://127.0.0.1:8080/?x=1'],
    ['ws://[::1]:9000/a', 'ws://[::1]:9000/a'],
    ['wss://user:pw@example.com/a', 'wss://user:pw@example.com/a'],
  ])('normalizes %s to %s', (input, output) => {
    expect(buildSocketUrl(input)).toBe(output)
  })

  it('appends data as an encoded query string after an existing query', () => {
    expect(buildSocketUrl('wss://example.com/chat?v=2', { room: 'a b&c', user: '张三', n: 3, ok: true })).toBe(
      'wss://example.com/chat?v=2&room=a%20b%26c&user=%E5%BC%A0%E4%B8%89&n=3&ok=true',
    )
  })

  it('repeats keys for arrays, writes objects as JSON and leaves out null and undefined', () => {
    expect(encodeQuery({ tag: ['x', 'y'], filter: { a: 1 }, skip: null, none: undefined })).toBe('tag=x&tag=y&filter=%7B%22a%22%3A1%7D')
  })

  it('refuses data that is not an object', () => {
    expect(codeOf(() => buildSocketUrl('wss://example.com', 'room=1' as never))).toBe('INVALID_OPTIONS')
  })
})

describe('close code and reason', () => {
  it.each([1000, 3000, 4001, 4999, undefined])('accepts code %p', (code) => {
    expect(validateCloseCode(code)).toBe(code ?? 1000)
  })

  it.each([999, 1001, 1006, 2999, 5000, 3000.5, NaN, '1000'])('rejects code %p', (code) => {
    expect(codeOf(() => validateCloseCode(code))).toBe('INVALID_CLOSE_CODE')
  })

  it('counts the reason in UTF-8 bytes, not characters', () => {
    expect(utf8ByteLength('abc')).toBe(3)
    expect(utf8ByteLength('é')).toBe(2)
    expect(utf8ByteLength('中')).toBe(3)
    expect(utf8ByteLength('😀')).toBe(4)
    expect(utf8ByteLength('\ud800')).toBe(3)
    expect(utf8ByteLength('\udc00\ud800')).toBe(6)
    expect(utf8ByteLength('\ud800a')).toBe(4)
    expect(utf8ByteLength('a\ud83d')).toBe(4)
    expect(utf8ByteLength('中'.repeat(41))).toBe(123)
    expect(validateCloseReason('中'.repeat(41))).toBe('中'.repeat(41))
    expect(codeOf(() => validateCloseReason('中'.repeat(41) + 'a'))).toBe('CLOSE_REASON_TOO_LONG')
    expect(codeOf(() => validateCloseReason('a'.repeat(124)))).toBe('CLOSE_REASON_TOO_LONG')
  })

  it('counts any text, broken surrogate pairs included, as a UTF-8 encoder writes it', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))
    const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))
    const text = fc.string({ unit: fc.oneof(codeUnit, surrogate, fc.constantFrom('a', '😀')) })
    fc.assert(fc.property(text, (t) => utf8ByteLength(t) === Buffer.byteLength(t, 'utf8')))
  })
})

describe('sharing keys', () => {
  it('is the same for URLs that differ only in spelling and for headers in another order or case', () => {
    const a = resolveRequest({ url: 'wss://Example.com:443/chat', header: { 'X-A': '1', 'x-b': '2' } })
    const b = resolveRequest({ url: 'wss://example.com/chat', header: { 'x-b': '2', 'x-a': '1' } })
    expect(a.key).toBe(b.key)
  })

  it('differs when data, protocols or a header value differ', () => {
    const base = resolveRequest({ url: 'wss://example.com/chat' }).key
    expect(resolveRequest({ url: 'wss://example.com/chat', data: { room: 1 } }).key).not.toBe(base)
    expect(resolveRequest({ url: 'wss://example.com/chat', protocols: ['v1'] }).key).not.toBe(base)
    expect(resolveRequest({ url: 'wss://example.com/chat', header: { a: '1' } }).key).not.toBe(base)
  })

  it('rejects headers with non-string values and protocols that are not strings', () => {
    expect(codeOf(() => resolveRequest({ url: 'wss://x.com', header: { a: 1 as never } }))).toBe('INVALID_OPTIONS')
    expect(codeOf(() => resolveRequest({ url: 'wss://x.com', protocols: [''] }))).toBe('INVALID_OPTIONS')
  })
})
