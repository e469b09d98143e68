import { SocketError } from '../../src/core/errors'
import { createSocketRegistry } from '../../src/taro'
import { createTestClock } from '../../src/testing/clock'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'
import { evict } from '../../src/core/evict'

const loopback = useLoopback()

const rooms = (n: number) => Array.from({ length: n }, (_, i) => `/room-${i}`)

describe('sharing', () => {
  it('gives users of the same URL one socket, counted once at the server', async () => {
    const registry = loopback.registryOn('weapp')
    const a = registry.acquire({ url: `${loopback.server.url}/chat` })
    const b = registry.acquire({ url: `${loopback.server.url.replace('ws://', 'WS://')}/chat` })
    expect(b.connection).toBe(a.connection)
    await waitFor(() => a.connection.status === 'open', 'open')
    expect(loopback.server.sockets).toHaveLength(1)
    expect(loopback.platform.calls).toHaveLength(1)
  })

  it('closes the socket only after the last user leaves and the release delay passes', async () => {
    const clock = createTestClock()
    const registry = loopback.registryOn('weapp', { releaseDelay: 100, clock })
    const a = registry.acquire({ url: loopback.server.url })
    const b = registry.acquire({ url: loopback.server.url })
    await waitFor(() => loopback.server.openCount === 1, 'server sees the socket')
    a.release()
    await clock.advance(150)
    expect(loopback.server.openCount).toBe(1)
    b.release()
    await clock.advance(99)
    await settle(20)
    expect(loopback.server.openCount).toBe(1)
    await clock.advance(1)
    await waitFor(() => loopback.server.openCount === 0, 'socket closed after the delay')
    expect(loopback.server.sockets[0]!.closed).toEqual({ code: 1000, reason: '' })
  })

  it('reuses the socket when a user comes back within the release delay', async () => {
    const clock = createTestClock()
    const registry = loopback.registryOn('weapp', { releaseDelay: 100, clock })
    const first = registry.acquire({ url: loopback.server.url })
    await waitFor(() => first.connection.status === 'open', 'open')
    first.release()
    await clock.advance(99)
    const again = registry.acquire({ url: loopback.server.url })
    expect(again.connection).toBe(first.connection)
    await clock.advance(200)
    await settle(20)
    expect(loopback.server.sockets).toHaveLength(1)
    expect(loopback.server.openCount).toBe(1)
  })

  it('sends data as the query string, and header and protocols with the handshake', async () => {
    const registry = loopback.registryOn('weapp')
    const lease = registry.acquire({
      url: `${loopback.server.url}/feed?v=2`,
      data: { symbol: 'BTC/USD', depth: 5 },
      header: { 'X-Client': 'taro' },
      protocols: ['json.v1'],
    })
    await waitFor(() => lease.connection.status === 'open', 'open')
    expect(loopback.server.sockets[0]!.url).toBe('/feed?v=2&symbol=BTC%2FUSD&depth=5')
    expect(loopback.server.sockets[0]!.headers['x-client']).toBe('taro')
    expect(loopback.server.sockets[0]!.protocol).toBe('json.v1')
  })
})

describe('platform limits', () => {
  it.each([
    ['weapp', 5],
    ['qq', 5],
    ['tt', 5],
    ['rn', 2],
    ['h5', 5],
    ['alipay', 1],
  ] as const)('never has more than %s allows (%i) open, and queued users connect as slots free', async (name, cap) => {
    const registry = loopback.registryOn(name)
    expect(registry.maxConnections).toBe(cap)
    const leases = rooms(cap + 3).map((room) => registry.acquire({ url: loopback.server.url + room }))
    await waitFor(() => loopback.server.openCount === cap, `${cap} open`)
    await settle(50)
    expect(leases.filter((l) => l.connection.status === 'queued')).toHaveLength(3)
    expect(registry.stats()).toMatchObject({ active: cap, queued: 3 })

    // Free slots one by one: each close lets the next waiting user in, in the order they asked.
    for (let i = 0; i < 3; i++) {
      leases[i]!.connection.close()
      await waitFor(() => leases[i + cap]!.connection.status === 'open', `user ${i + cap} open`)
      expect(loopback.server.openCount).toBeLessThanOrEqual(cap)
    }
    expect(loopback.server.peakOpen).toBe(cap)
    expect(loopback.server.sockets.map((s) => s.url)).toEqual(rooms(cap + 3))
  })

  it('treats an unknown platform as a one-socket platform', () => {
    expect(loopback.registryOn('tini').maxConnections).toBe(1)
    expect(createSocketRegistry({ platform: undefined, connect: loopback.platform.connectSocket }).maxConnections).toBe(1)
  })

  it('reads the platform from TARO_ENV', () => {
    const before = process.env.TARO_ENV
    process.env.TARO_ENV = 'rn'
    try {
      expect(createSocketRegistry().maxConnections).toBe(2)
    } finally {
      process.env.TARO_ENV = before
    }
  })

  it('shows why the limit matters: on Alipay a second socket silently kills the first', async () => {
    // With the limit raised past what Alipay allows, the first socket dies and nobody is told.
    const registry = loopback.registryOn('alipay', { maxConnections: 2 })
    const a = registry.acquire({ url: `${loopback.server.url}/a` })
    await waitFor(() => a.connection.status === 'open', 'a open')
    const b = registry.acquire({ url: `${loopback.server.url}/b` })
    await waitFor(() => b.connection.status === 'open', 'b open')
    await waitFor(() => loopback.server.sockets[0]!.closed !== null, 'server sees a closed')
    expect(a.connection.status).toBe('open')
    // With Alipay's real limit of 1, the second waits instead.
    const safe = createSocketRegistry(loopback.platform.registryOptions)
    const c = safe.acquire({ url: `${loopback.server.url}/c` })
    const d = safe.acquire({ url: `${loopback.server.url}/d` })
    await waitFor(() => c.connection.status === 'open', 'c open')
    await settle(50)
    expect(d.connection.status).toBe('queued')
  })

  it("overflow 'reject' fails the newcomer at once with LIMIT_REACHED", async () => {
    const registry = loopback.registryOn('rn', { overflow: 'reject' })
    const [a, b, c] = rooms(3).map((room) => registry.acquire({ url: loopback.server.url + room }))
    expect(c!.connection.status).toBe('closed')
    expect(c!.connection.error).toBeInstanceOf(SocketError)
    expect(c!.connection.error!.code).toBe('LIMIT_REACHED')
    await waitFor(() => a!.connection.status === 'open' && b!.connection.status === 'open', 'two open')
    expect(loopback.platform.calls).toHaveLength(2)
    await expect(c!.connection.send('x')).rejects.toMatchObject({ code: 'NOT_OPEN' })
  })

  it('overflow evict() closes the least recently used socket; its users get EVICTED and wait in the queue', async () => {
    const registry = loopback.registryOn('rn', { overflow: evict() })
    const a = registry.acquire({ url: `${loopback.server.url}/a` })
    const b = registry.acquire({ url: `${loopback.server.url}/b` })
    await waitFor(() => a.connection.status === 'open' && b.connection.status === 'open', 'two open')
    await b.connection.send('b is busy') // a is now the least recently used
    const errors: string[] = []
    a.connection.subscribe({ onError: (e) => errors.push(e.code) })
    const c = registry.acquire({ url: `${loopback.server.url}/c` })
    await waitFor(() => c.connection.status === 'open', 'c open')
    expect(errors).toEqual(['EVICTED'])
    expect(a.connection.status).toBe('queued')
    expect(a.connection.error?.code).toBe('EVICTED')
    // The evicted one waits its turn: it does not evict another in return.
    expect([b.connection.status, b.connection.error, c.connection.error]).toEqual(['open', null, null])
    expect(loopback.server.peakOpen).toBe(2)
    // Messages sent while evicted are kept, and go out when a slot frees.
    const queued = a.connection.send('after eviction')
    b.connection.close()
    await queued
    expect(a.connection.status).toBe('open')
    const lastA = () => loopback.server.sockets.filter((s) => s.url === '/a').at(-1)!
    await waitFor(() => lastA().received.length > 0, 'server receives the kept message')
    expect(loopback.server.sockets.filter((s) => s.url === '/a')).toHaveLength(2)
    expect(lastA().received).toEqual(['after eviction'])
    expect(a.connection.error).toBeNull()
  })

  it('closes a socket nobody uses any more to make room for a waiting one', async () => {
    const registry = loopback.registryOn('alipay', { releaseDelay: 60_000 })
    const a = registry.acquire({ url: `${loopback.server.url}/a` })
    await waitFor(() => a.connection.status === 'open', 'a open')
    a.release()
    const b = registry.acquire({ url: `${loopback.server.url}/b` })
    await waitFor(() => b.connection.status === 'open', 'b open')
    expect(a.connection.status).toBe('closed')
    expect(loopback.server.peakOpen).toBe(1)
  })

  it('gives the slot of a socket its last user leaves to one already waiting, without the release delay', async () => {
    // The library's time stands still: b opening proves no release delay was waited out.
    const registry = loopback.registryOn('alipay', { releaseDelay: 60_000, clock: createTestClock() })
    const a = registry.acquire({ url: `${loopback.server.url}/a` })
    await waitFor(() => a.connection.status === 'open', 'a open')
    const b = registry.acquire({ url: `${loopback.server.url}/b` })
    await settle(50)
    expect(b.connection.status).toBe('queued')
    a.release()
    await waitFor(() => b.connection.status === 'open', 'b open')
    expect(loopback.server.peakOpen).toBe(1)
  })
})

describe('teardown', () => {
  it('leaves no socket open at the server once every user has left', async () => {
    const registry = loopback.registryOn('weapp')
    const leases = rooms(8).map((room) => registry.acquire({ url: loopback.server.url + room }))
    await waitFor(() => loopback.server.openCount === 5, 'five open')
    for (const lease of leases) lease.release()
    await waitFor(() => loopback.server.openCount === 0 && registry.stats().active === 0, 'all closed')
    await settle(100)
    expect(loopback.server.sockets).toHaveLength(5)
    expect(registry.stats()).toMatchObject({ active: 0, queued: 0, connections: 0 })
    expect(loopback.platform.liveTasks).toBe(0)
  })
})

describe('bad input', () => {
  it.each([
    ['a URL that is not a string', { url: 42 as never }, 'INVALID_URL'],
    ['an empty URL', { url: '' }, 'INVALID_URL'],
    ['an unparseable URL', { url: 'ws://exa mple.com' }, 'INVALID_URL'],
    ['an https URL', { url: 'https://example.com' }, 'INVALID_SCHEME'],
    ['data that is not an object', { url: 'wss://example.com', data: 'a=1' as never }, 'INVALID_OPTIONS'],
    ['a header with a number value', { url: 'wss://example.com', header: { 'x-n': 1 as never } }, 'INVALID_OPTIONS'],
  ])('%s fails with its code and reaches no platform call', (_, request, code) => {
    const registry = loopback.registryOn('weapp')
    expect(() => registry.acquire(request)).toThrow(expect.objectContaining({ code }))
    expect(loopback.platform.calls).toHaveLength(0)
    expect(registry.stats().connections).toBe(0)
  })

  it.each([
    [1001, undefined, 'INVALID_CLOSE_CODE'],
    [2000, undefined, 'INVALID_CLOSE_CODE'],
    [1000, 'é'.repeat(62), 'CLOSE_REASON_TOO_LONG'],
  ])('close(%p, …) throws %s and leaves the socket open', async (code, reason, expected) => {
    const registry = loopback.registryOn('weapp')
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    expect(() => connection.close(code, reason)).toThrow(expect.objectContaining({ code: expected }))
    await settle(30)
    expect(connection.status).toBe('open')
    expect(loopback.server.openCount).toBe(1)
  })

  it('rejects invalid registry options', () => {
    expect(() => createSocketRegistry({ maxConnections: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    expect(() => createSocketRegistry({ overflow: 'drop' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })
})
