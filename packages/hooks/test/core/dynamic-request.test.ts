import type { ConnectContext } from '../../src/core/request'
import { requestRules, resolveRequest as resolveWith, type SocketRequest } from '../../src/core/request'
import { createTestClock } from '../../src/testing/clock'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'

// One registry's rules (URL function ids live as long as they do).
const rules = requestRules()
const resolveRequest = (request: SocketRequest) => resolveWith(request, rules)

const loopback = useLoopback()

describe('url, data and header given as functions', () => {
  it('shares one socket between users of one URL whose token functions differ (inline functions in each render)', () => {
    const a = resolveRequest({ url: 'wss://example.com/live', data: () => ({ token: 'a' }) })
    const b = resolveRequest({ url: 'wss://example.com/live', data: () => ({ token: 'b' }) })
    expect(a.key).toBe(b.key)
    expect(a.key).not.toBe(resolveRequest({ url: 'wss://example.com/live' }).key)
    expect(resolveRequest({ url: 'wss://example.com/live', header: () => ({}) }).key).not.toBe(a.key)
  })

  it('shares a socket by the URL function itself', () => {
    const live = () => 'wss://example.com/live'
    expect(resolveRequest({ url: live }).key).toBe(resolveRequest({ url: live }).key)
    expect(resolveRequest({ url: live }).key).not.toBe(resolveRequest({ url: () => 'wss://example.com/live' }).key)
  })

  it('still checks what is known at once (the static URL, protocols)', () => {
    expect(() => resolveRequest({ url: 'https://example.com', data: () => ({}) })).toThrow(expect.objectContaining({ code: 'INVALID_SCHEME' }))
    expect(() => resolveRequest({ url: () => 'wss://x', protocols: [''] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })

  it('connects to the URL a function gives, asking it at each reconnect', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: { minDelay: 5, maxDelay: 10 } })
    let n = 0
    const where = async () => `${loopback.server.url}/node${++n}`
    const { connection } = registry.acquire({ url: where })
    await waitFor(() => connection.status === 'open', 'open')
    loopback.server.sockets[0]!.socket.close(1012, 'restart')
    await waitFor(() => loopback.server.sockets.length === 2 && connection.status === 'open', 'reconnected')
    expect(loopback.server.sockets.map((s) => s.url)).toEqual(['/node1', '/node2'])
  })

  it('fails the attempt with the function error and retries, without holding a platform slot', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: { minDelay: 5, maxDelay: 10 } })
    const errors: unknown[] = []
    let calls = 0
    const token = () => {
      if (++calls === 1) throw new Error('token service down')
      return { token: 'ok' }
    }
    const { connection } = registry.acquire({ url: loopback.server.url, data: token })
    connection.subscribe({ onError: (e) => errors.push(e) })
    await waitFor(() => connection.status === 'open', 'open after the retry')
    expect(errors[0]).toMatchObject({ code: 'CONNECT_FAILED', cause: new Error('token service down') })
    expect(registry.stats().abandoned).toBe(0)
    expect(loopback.server.sockets.map((s) => s.url)).toEqual(['/?token=ok'])
  })

  it('rejects what a function gives when it is not valid (a bad URL, ws:// where refused, a bad header)', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: false, allowInsecure: false })
    const errors: Array<{ code: string }> = []
    const bad = [
      registry.acquire({ url: () => 'not a url' }),
      registry.acquire({ url: () => loopback.server.url }),
      registry.acquire({ url: 'wss://example.com/h', header: () => ({ 'Bad Name': 'x' }) }),
    ]
    for (const lease of bad) lease.connection.subscribe({ onError: (e) => errors.push(e) })
    await waitFor(() => bad.every((l) => l.connection.status === 'closed'), 'all closed')
    expect(errors.map((e) => e.code)).toEqual(['INVALID_URL', 'INSECURE_URL', 'INVALID_OPTIONS'])
    expect(loopback.server.sockets).toHaveLength(0)
  })

  it('backs off after a second auth close in a row instead of reconnecting at once again', async () => {
    const clock = createTestClock()
    const registry = loopback.registryOn('weapp', { reconnect: { authCloseCodes: [4401], minDelay: 400, maxDelay: 400 }, clock })
    const asked: ConnectContext[] = []
    const { connection } = registry.acquire({ url: loopback.server.url, header: (c) => (asked.push(c), { 'X-Token': 'stale' }) })
    await waitFor(() => connection.status === 'open', 'open')
    loopback.server.sockets[0]!.socket.close(4401, 'expired')
    await waitFor(() => loopback.server.sockets.length === 2 && connection.status === 'open', 'first: at once')
    loopback.server.sockets[1]!.socket.close(4401, 'expired')
    await waitFor(() => connection.status === 'reconnecting', 'second: dropped')
    await clock.advance(399)
    await settle(20)
    expect(loopback.server.sockets).toHaveLength(2) // still waiting out the backoff
    await clock.advance(1)
    await waitFor(() => loopback.server.sockets.length === 3, 'second: after the backoff')
    expect(asked.map((c) => c.authFailed)).toEqual([false, true, true])
  })

  it('stops the function from connecting when the attempt was given up while it ran', async () => {
    const registry = loopback.registryOn('weapp', { connectTimeout: 50, reconnect: false })
    const { connection } = registry.acquire({ url: loopback.server.url, data: () => settle(150).then(() => ({ t: 1 })) })
    await waitFor(() => connection.status === 'closed', 'timed out')
    expect(connection.error).toMatchObject({ code: 'CONNECT_TIMEOUT' })
    expect(registry.stats().abandoned).toBe(0)
    await settle(200)
    expect(loopback.server.sockets).toHaveLength(0)
  })
})
