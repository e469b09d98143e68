import { createSocketRegistry } from '../../src/taro'
import { useLoopback } from '../support/fixture'
import { waitFor } from '../support/wait'

const loopback = useLoopback()

describe('secure by default', () => {
  it.each(['weapp', 'alipay', 'tt', 'qq', 'swan', 'tini'] as const)('refuses ws:// on %s with INSECURE_URL before any platform call', (name) => {
    const registry = loopback.registryOn(name, { allowInsecure: undefined })
    expect(() => registry.acquire({ url: loopback.server.url })).toThrow(expect.objectContaining({ code: 'INSECURE_URL' }))
    expect(loopback.platform.calls).toHaveLength(0)
  })

  it('accepts ws:// on H5 and React Native, and anywhere the app opts in for development', () => {
    expect(createSocketRegistry({ platform: 'h5' }).allowInsecure).toBe(true)
    expect(createSocketRegistry({ platform: 'rn' }).allowInsecure).toBe(true)
    expect(createSocketRegistry({ platform: 'weapp', allowInsecure: true }).allowInsecure).toBe(true)
    expect(createSocketRegistry({ platform: 'weapp' }).resolve({ url: 'wss://example.com' }).options.url).toBe('wss://example.com/')
  })

  it.each([
    ['Referer, which the platforms forbid', { Referer: 'https://example.com' }],
    ['referer in any case', { rEfErEr: 'x' }],
    ['a header name with a space', { 'X Token': 'a' }],
    ['a header value with a line break', { 'X-Token': 'a\r\nX-Evil: 1' }],
  ])('rejects %s with INVALID_OPTIONS', (_, header) => {
    const registry = loopback.registryOn('weapp')
    expect(() => registry.acquire({ url: loopback.server.url, header })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    expect(loopback.platform.calls).toHaveLength(0)
  })

  it('rejects a send over maxMessageBytes with MESSAGE_TOO_LARGE, counting UTF-8 bytes, and sends nothing', async () => {
    const registry = loopback.registryOn('weapp', { maxMessageBytes: 6 })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    await expect(connection.send('中文文')).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' }) // 9 bytes
    await expect(connection.send(new ArrayBuffer(7))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' })
    await connection.send('中文') // 6 bytes
    await waitFor(() => loopback.server.sockets[0]?.received.length === 1, 'the small one arrives')
    expect(loopback.server.sockets[0]!.received).toEqual(['中文'])
  })

  it('keeps query strings, where tokens live, out of error messages', async () => {
    await loopback.server.close()
    const registry = loopback.registryOn('weapp', { reconnect: false })
    const { connection } = registry.acquire({ url: `${loopback.server.url}/feed`, data: { token: 's3cret-token' } })
    await waitFor(() => connection.status === 'closed', 'failed')
    expect(connection.error?.code).toBe('CONNECT_FAILED')
    expect(connection.error?.message).toContain('/feed')
    expect(connection.error?.message).not.toContain('s3cret-token')
    await loopback.restart()
  })
})
