import net from 'node:net'
import type { SocketStatus } from '../../src/core/machine'
import { createTestClock } from '../../src/testing/clock'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'
import { heartbeat } from '../../src/core/heartbeat'

const loopback = useLoopback()
const fast = { minDelay: 20, maxDelay: 100, maxAttempts: 5 }

function statuses(connection: { status: SocketStatus; subscribe: (l: { onChange(): void }) => unknown }) {
  const seen: SocketStatus[] = []
  connection.subscribe({ onChange: () => seen[seen.length - 1] !== connection.status && seen.push(connection.status) })
  return seen
}

describe('reconnecting', () => {
  it('reconnects after the server restarts and sends what was queued meanwhile, in order', async () => {
    const { connection } = loopback.registryOn('weapp', { reconnect: fast }).acquire({ url: loopback.server.url })
    const seen = statuses(connection)
    await waitFor(() => connection.status === 'open', 'open')
    await loopback.server.stop()
    await waitFor(() => connection.status === 'reconnecting' || connection.status === 'queued', 'dropped')
    const sends = ['a', 'b', 'c'].map((m) => connection.send(m))
    await loopback.server.start()
    await Promise.all(sends)
    await waitFor(() => loopback.server.sockets[1]?.received.length === 3, 'three after reconnect')
    expect(loopback.server.sockets[1]!.received).toEqual(['a', 'b', 'c'])
    expect(seen.slice(0, 2)).toEqual(['open', 'reconnecting'])
    expect(seen.at(-1)).toBe('open')
    expect(connection.retries).toBeGreaterThan(0)
  })

  it('does not reconnect after the app closes the socket', async () => {
    const { connection } = loopback.registryOn('weapp', { reconnect: fast }).acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    connection.close()
    await waitFor(() => connection.status === 'closed', 'closed')
    await settle(200)
    expect(connection.status).toBe('closed')
    expect(loopback.server.sockets).toHaveLength(1)
  })

  it.each([
    ['a normal close from the server', 1000, undefined],
    ['a close code the app listed (4001 unauthorized)', 4001, [4001]],
  ])('does not reconnect after %s', async (_, code, stopCodes) => {
    const registry = loopback.registryOn('weapp', { reconnect: { ...fast, ...(stopCodes ? { stopCodes } : {}) } })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open' && loopback.server.sockets.length === 1, 'open')
    loopback.server.sockets[0]!.socket.close(code)
    await waitFor(() => connection.status === 'closed', 'closed')
    await settle(200)
    expect(loopback.server.sockets).toHaveLength(1)
  })

  it('gives up after maxAttempts with RECONNECT_FAILED, and open() starts over', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: { ...fast, maxAttempts: 3 } })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    const queued = connection.send('waiting')
    await loopback.server.stop()
    const pending = connection.send('during the outage')
    await waitFor(() => connection.status === 'closed', 'gave up')
    expect(connection.error?.code).toBe('RECONNECT_FAILED')
    expect(loopback.platform.calls).toHaveLength(4) // the first connect and three retries
    await queued
    await expect(pending).rejects.toMatchObject({ code: 'RECONNECT_FAILED' })
    await loopback.server.start()
    connection.open()
    await waitFor(() => connection.status === 'open', 'open again')
    expect(connection.error).toBeNull()
  })

  it('rejects a message marked replay: false when the socket drops before it went out', async () => {
    const { connection } = loopback.registryOn('weapp', { reconnect: fast }).acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    await loopback.server.stop()
    await waitFor(() => connection.status !== 'open', 'dropped')
    await expect(connection.send('price tick', { replay: false })).rejects.toMatchObject({ code: 'NOT_OPEN' })
    const kept = connection.send('order')
    await loopback.server.start()
    await kept
    await waitFor(() => loopback.server.sockets[1]?.received.length === 1, 'order arrives')
    expect(loopback.server.sockets[1]!.received).toEqual(['order'])
  })

  it('rejects a queued message whose ttl runs out with MESSAGE_EXPIRED', async () => {
    const { connection } = loopback.registryOn('weapp', { reconnect: fast }).acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    await loopback.server.stop()
    await waitFor(() => connection.status !== 'open', 'dropped')
    const shortLived = connection.send('stale soon', { ttl: 30 })
    const durable = connection.send('keep')
    await expect(shortLived).rejects.toMatchObject({ code: 'MESSAGE_EXPIRED' })
    await loopback.server.start()
    await durable
    await waitFor(() => loopback.server.sockets[1]?.received.length === 1, 'durable arrives')
    expect(loopback.server.sockets[1]!.received).toEqual(['keep'])
  })

  it('moving to another URL closes the old socket for good: no zombie reconnects', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: fast, releaseDelay: 10 })
    const old = registry.acquire({ url: `${loopback.server.url}/old` })
    await waitFor(() => old.connection.status === 'open', 'old open')
    const next = registry.acquire({ url: `${loopback.server.url}/new` })
    old.release()
    await waitFor(() => old.connection.status === 'closed', 'old closed')
    await loopback.server.stop()
    await loopback.server.start()
    await waitFor(() => next.connection.status === 'open', 'new reconnected')
    await settle(300)
    expect(loopback.server.sockets.map((s) => s.url).filter((u) => u === '/old')).toHaveLength(1)
    expect(old.connection.status).toBe('closed')
  })
})

describe('connect timeout', () => {
  it('gives up a handshake that never completes with CONNECT_TIMEOUT', async () => {
    // Accepts TCP and then says nothing: the handshake never finishes.
    const sockets: net.Socket[] = []
    const silent = net.createServer((s) => sockets.push(s))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (silent.address() as net.AddressInfo).port
    try {
      const registry = loopback.registryOn('weapp', { connectTimeout: 150, reconnect: false })
      const { connection } = registry.acquire({ url: `ws://127.0.0.1:${port}` })
      await waitFor(() => connection.status === 'closed', 'timed out')
      expect(connection.error?.code).toBe('CONNECT_TIMEOUT')
      expect(registry.stats().active).toBe(0)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => silent.close(r))
    }
  })
})

describe('app lifecycle', () => {
  it('reconnects at once when the app comes back and the platform killed the socket silently', async () => {
    // The library's time stands still: the reconnect on show waits for no backoff.
    const registry = loopback.registryOn('weapp', { clock: createTestClock() })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    loopback.platform.app.hide({ killSockets: 'silently' })
    await waitFor(() => loopback.server.openCount === 0, 'platform killed the socket')
    expect(connection.status).toBe('open') // nobody told the app
    loopback.platform.app.show()
    await waitFor(() => connection.status === 'open' && loopback.server.openCount === 1, 'reconnected')
    expect(loopback.server.sockets).toHaveLength(2)
  })

  it('frees the slot at once when the app closes a socket the platform already killed', async () => {
    // The library's time stands still: the next socket does not wait out closeTimeout.
    const registry = loopback.registryOn('alipay', { reconnect: false, clock: createTestClock() })
    const first = registry.acquire({ url: `${loopback.server.url}/first` })
    await waitFor(() => first.connection.status === 'open', 'open')
    loopback.platform.app.hide({ killSockets: true })
    // No onClose will ever come for the killed socket; the next one must not wait for it.
    first.connection.close()
    expect(first.connection.status).toBe('closed')
    const second = registry.acquire({ url: `${loopback.server.url}/second` })
    await waitFor(() => second.connection.status === 'open', 'second open')
  })

  it('reconnects at once when the network comes back', async () => {
    const registry = loopback.registryOn('weapp', { clock: createTestClock() })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    loopback.platform.app.network(false)
    await waitFor(() => loopback.server.openCount === 0, 'network gone')
    loopback.platform.app.network(true)
    await waitFor(() => loopback.server.openCount === 1 && connection.status === 'open', 'reconnected')
  })

  it('sends no heartbeat while the app is hidden, and probes at once when it comes back', async () => {
    const clock = createTestClock()
    const registry = loopback.registryOn('weapp', { heartbeat: heartbeat({ interval: 40, timeout: 1000, message: 'ping' }), clock })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    const pings = () => loopback.server.sockets[0]!.received.length
    await clock.advance(40)
    await clock.advance(40)
    await waitFor(() => pings() === 2, 'two pings')
    loopback.platform.app.hide()
    await clock.advance(400)
    await settle(20)
    expect(pings()).toBe(2)
    loopback.platform.app.show()
    await waitFor(() => pings() === 3, 'a probe on show')
    await clock.advance(40)
    await waitFor(() => pings() === 4, 'pings resume')
    expect(connection.status).toBe('open')
  })

  it('reconnects after a drop when the app came back while it had no socket to listen for', async () => {
    // Hidden with a socket, which is then let go: nothing listens when the app comes back.
    const registry = loopback.registryOn('alipay', { releaseDelay: 10, reconnect: { minDelay: 5, maxDelay: 5 } })
    const first = registry.acquire({ url: `${loopback.server.url}/first` })
    await waitFor(() => first.connection.status === 'open', 'open')
    loopback.platform.app.hide()
    first.release()
    await waitFor(() => registry.stats().connections === 0 && loopback.platform.app.listeners === 0, 'let go, listening no more')
    loopback.platform.app.show()
    const second = registry.acquire({ url: `${loopback.server.url}/second` })
    await waitFor(() => second.connection.status === 'open', 'second open')
    await loopback.server.stop()
    await loopback.server.start()
    await waitFor(() => second.connection.status === 'open' && loopback.server.openCount === 1, 'reconnected')
  })

  it('listens to app events only while some connection exists', async () => {
    const registry = loopback.registryOn('weapp', { releaseDelay: 10 })
    expect(loopback.platform.app.listeners).toBe(0)
    const a = registry.acquire({ url: `${loopback.server.url}/a` })
    const b = registry.acquire({ url: `${loopback.server.url}/b` })
    expect(loopback.platform.app.listeners).toBe(3)
    a.release()
    b.release()
    await waitFor(() => registry.stats().connections === 0, 'all released')
    expect(loopback.platform.app.listeners).toBe(0)
  })
})

describe('heartbeat', () => {
  it('keeps exactly one heartbeat per shared socket, however many users', async () => {
    const clock = createTestClock()
    const registry = loopback.registryOn('weapp', { heartbeat: heartbeat({ interval: 50, timeout: 1000 }), clock })
    const leases = Array.from({ length: 10 }, () => registry.acquire({ url: loopback.server.url }))
    await waitFor(() => leases[0]!.connection.status === 'open', 'open')
    const pings = () => loopback.server.sockets[0]!.received.filter((m) => m === 'ping').length
    // Ten heartbeats would send ten pings per interval; one sends one.
    for (let interval = 1; interval <= 6; interval++) {
      await clock.advance(50)
      await waitFor(() => pings() >= interval, `ping ${interval}`)
    }
    await settle(30)
    expect(pings()).toBe(6)
    expect(loopback.server.sockets).toHaveLength(1)
  })
})
