import { SocketError } from '../src/core/errors'
import { SocketRegistry, type SocketRegistryOptions } from '../src/core/registry'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from './support/platform-emulator'
import { startServer, type TestServer } from './support/server'
import { settle, waitFor } from './support/wait'

let server: TestServer
let platform: PlatformEmulator | undefined

beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  platform?.destroy()
  platform = undefined
  await server.close()
})

function registryOn(name: EmulatedPlatform, options: SocketRegistryOptions = {}): SocketRegistry {
  platform = emulatePlatform(name)
  return new SocketRegistry({ platform: name, connect: platform.connectSocket, releaseDelay: 20, ...options })
}

const rooms = (n: number) => Array.from({ length: n }, (_, i) => `/room-${i}`)

describe('sharing', () => {
  it('gives users of the same URL one socket, counted once at the server', async () => {
    const registry = registryOn('weapp')
    const a = registry.acquire({ url: `${server.url}/chat` })
    const b = registry.acquire({ url: `${server.url.replace('ws://', 'WS://')}/chat` })
    expect(b.connection).toBe(a.connection)
    await waitFor(() => a.connection.status === 'open', 'open')
    expect(server.sockets).toHaveLength(1)
    expect(platform!.calls).toHaveLength(1)
  })

  it('closes the socket only after the last user leaves and the release delay passes', async () => {
    const registry = registryOn('weapp', { releaseDelay: 100 })
    const a = registry.acquire({ url: server.url })
    const b = registry.acquire({ url: server.url })
    await waitFor(() => server.openCount === 1, 'server sees the socket')
    a.release()
    await settle(150)
    expect(server.openCount).toBe(1)
    b.release()
    await settle(30)
    expect(server.openCount).toBe(1)
    await waitFor(() => server.openCount === 0, 'socket closed after the delay')
    expect(server.sockets[0]!.closed).toEqual({ code: 1000, reason: '' })
  })

  it('reuses the socket when a user comes back within the release delay', async () => {
    const registry = registryOn('weapp', { releaseDelay: 100 })
    const first = registry.acquire({ url: server.url })
    await waitFor(() => first.connection.status === 'open', 'open')
    first.release()
    const again = registry.acquire({ url: server.url })
    expect(again.connection).toBe(first.connection)
    await settle(200)
    expect(server.sockets).toHaveLength(1)
    expect(server.openCount).toBe(1)
  })

  it('sends data as the query string, and header and protocols with the handshake', async () => {
    const registry = registryOn('weapp')
    const lease = registry.acquire({
      url: `${server.url}/feed?v=2`,
      data: { symbol: 'BTC/USD', depth: 5 },
      header: { 'X-Client': 'taro' },
      protocols: ['json.v1'],
    })
    await waitFor(() => lease.connection.status === 'open', 'open')
    expect(server.sockets[0]!.url).toBe('/feed?v=2&symbol=BTC%2FUSD&depth=5')
    expect(server.sockets[0]!.headers['x-client']).toBe('taro')
    expect(server.sockets[0]!.protocol).toBe('json.v1')
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
    const registry = registryOn(name)
    expect(registry.maxConnections).toBe(cap)
    const leases = rooms(cap + 3).map((room) => registry.acquire({ url: server.url + room }))
    await waitFor(() => server.openCount === cap, `${cap} open`)
    await settle(50)
    expect(leases.filter((l) => l.connection.status === 'queued')).toHaveLength(3)
    expect(registry.stats()).toMatchObject({ active: cap, queued: 3 })

    // Free slots one by one: each close lets the next waiting user in, in the order they asked.
    for (let i = 0; i < 3; i++) {
      leases[i]!.connection.close()
      await waitFor(() => leases[i + cap]!.connection.status === 'open', `user ${i + cap} open`)
      expect(server.openCount).toBeLessThanOrEqual(cap)
    }
    expect(server.peakOpen).toBe(cap)
    expect(server.sockets.map((s) => s.url)).toEqual(rooms(cap + 3))
  })

  it('treats an unknown platform as a one-socket platform', () => {
    platform = emulatePlatform('tini')
    expect(new SocketRegistry({ platform: 'tini', connect: platform.connectSocket }).maxConnections).toBe(1)
    expect(new SocketRegistry({ platform: undefined, connect: platform.connectSocket }).maxConnections).toBe(1)
  })

  it('reads the platform from TARO_ENV', () => {
    const before = process.env.TARO_ENV
    process.env.TARO_ENV = 'rn'
    try {
      expect(new SocketRegistry().maxConnections).toBe(2)
    } finally {
      process.env.TARO_ENV = before
    }
  })

  it('shows why the limit matters: on Alipay a second socket silently kills the first', async () => {
    // With the limit raised past what Alipay allows, the first socket dies and nobody is told.
    const registry = registryOn('alipay', { maxConnections: 2 })
    const a = registry.acquire({ url: `${server.url}/a` })
    await waitFor(() => a.connection.status === 'open', 'a open')
    const b = registry.acquire({ url: `${server.url}/b` })
    await waitFor(() => b.connection.status === 'open', 'b open')
    await waitFor(() => server.sockets[0]!.closed !== null, 'server sees a closed')
    expect(a.connection.status).toBe('open')
    // With Alipay's real limit of 1, the second waits instead.
    const safe = new SocketRegistry({ platform: 'alipay', connect: platform!.connectSocket })
    const c = safe.acquire({ url: `${server.url}/c` })
    const d = safe.acquire({ url: `${server.url}/d` })
    await waitFor(() => c.connection.status === 'open', 'c open')
    await settle(50)
    expect(d.connection.status).toBe('queued')
  })

  it("overflow 'reject' fails the newcomer at once with LIMIT_REACHED", async () => {
    const registry = registryOn('rn', { overflow: 'reject' })
    const [a, b, c] = rooms(3).map((room) => registry.acquire({ url: server.url + room }))
    expect(c!.connection.status).toBe('closed')
    expect(c!.connection.error).toBeInstanceOf(SocketError)
    expect(c!.connection.error!.code).toBe('LIMIT_REACHED')
    await waitFor(() => a!.connection.status === 'open' && b!.connection.status === 'open', 'two open')
    expect(platform!.calls).toHaveLength(2)
    await expect(c!.connection.send('x')).rejects.toMatchObject({ code: 'NOT_OPEN' })
  })

  it("overflow 'evict' closes the least recently used socket; its users get EVICTED and wait in the queue", async () => {
    const registry = registryOn('rn', { overflow: 'evict' })
    const a = registry.acquire({ url: `${server.url}/a` })
    const b = registry.acquire({ url: `${server.url}/b` })
    await waitFor(() => a.connection.status === 'open' && b.connection.status === 'open', 'two open')
    await b.connection.send('b is busy') // a is now the least recently used
    const errors: string[] = []
    a.connection.subscribe({ onError: (e) => errors.push(e.code) })
    const c = registry.acquire({ url: `${server.url}/c` })
    await waitFor(() => c.connection.status === 'open', 'c open')
    expect(errors).toEqual(['EVICTED'])
    expect(a.connection.status).toBe('queued')
    expect(a.connection.error?.code).toBe('EVICTED')
    expect(server.peakOpen).toBe(2)
    // Messages sent while evicted are kept, and go out when a slot frees.
    const queued = a.connection.send('after eviction')
    b.connection.close()
    await queued
    expect(a.connection.status).toBe('open')
    const lastA = () => server.sockets.filter((s) => s.url === '/a').at(-1)!
    await waitFor(() => lastA().received.length > 0, 'server receives the kept message')
    expect(server.sockets.filter((s) => s.url === '/a')).toHaveLength(2)
    expect(lastA().received).toEqual(['after eviction'])
    expect(a.connection.error).toBeNull()
  })

  it('closes a socket nobody uses any more to make room for a waiting one', async () => {
    const registry = registryOn('alipay', { releaseDelay: 60_000 })
    const a = registry.acquire({ url: `${server.url}/a` })
    await waitFor(() => a.connection.status === 'open', 'a open')
    a.release()
    const b = registry.acquire({ url: `${server.url}/b` })
    await waitFor(() => b.connection.status === 'open', 'b open')
    expect(a.connection.status).toBe('closed')
    expect(server.peakOpen).toBe(1)
  })
})

describe('teardown', () => {
  it('leaves no socket open at the server once every user has left', async () => {
    const registry = registryOn('weapp')
    const leases = rooms(8).map((room) => registry.acquire({ url: server.url + room }))
    await waitFor(() => server.openCount === 5, 'five open')
    for (const lease of leases) lease.release()
    await waitFor(() => server.openCount === 0 && registry.stats().active === 0, 'all closed')
    await settle(100)
    expect(server.sockets).toHaveLength(5)
    expect(registry.stats()).toMatchObject({ active: 0, queued: 0, connections: 0 })
    expect(platform!.liveTasks).toBe(0)
  })
})
