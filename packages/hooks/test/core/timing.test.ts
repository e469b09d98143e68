/**
 * Every delay the library waits, on a clock the test moves: each fires when its time has
 * passed on that clock and not a millisecond before, however fast or slow the machine is.
 * Sockets and servers stay real (127.0.0.1); only the library's sense of time is the test's.
 * (The release delay is proved the same way in registry.test.ts, throttling in useSocket.test.tsx
 * and the topic grace delay in the topics suite.)
 */
import type { SocketError } from '../../src/core/errors'
import { topicClient } from '../../src/core/topics'
import { createTestClock, type TestClock } from '../../src/testing/clock'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
import { createSocketRegistry } from '../../src/taro'
import { startTopicServer, type TopicServer } from '../support/topic-server'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'
import { heartbeat } from '../../src/core/heartbeat'

const loopback = useLoopback()
let clock: TestClock
let cleanups: Array<() => unknown> = []
const afterThis = (cleanup: () => unknown) => cleanups.push(cleanup)
beforeEach(() => {
  clock = createTestClock()
})
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup()
  cleanups = []
})

/** Settles with what it rejected with, or 'pending' while it has not settled. */
function outcome(promise: Promise<unknown>) {
  const state = { value: 'pending' as unknown }
  promise.then(
    () => (state.value = 'resolved'),
    (e: SocketError) => (state.value = e.code),
  )
  return state
}

describe("the library's timers on the test's clock", () => {
  it('gives up a handshake at connectTimeout, not before', async () => {
    const registry = loopback.registryOn('weapp', { connectTimeout: 150, reconnect: false, clock })
    loopback.server.stallHandshakes(true)
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => loopback.platform.calls.length === 1, 'connectSocket called')
    await clock.advance(149)
    await settle(20)
    expect(connection.status).toBe('connecting')
    await clock.advance(1)
    await waitFor(() => connection.status === 'closed', 'timed out')
    expect(connection.error?.code).toBe('CONNECT_TIMEOUT')
  })

  it('waits out the backoff before each reconnect, longer each time', async () => {
    // random() = 1: every wait is its ceiling, minDelay · 2ⁿ (100, 200, 400 ms).
    const registry = loopback.registryOn('weapp', { reconnect: { minDelay: 100, maxDelay: 1000 }, random: () => 1, clock })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    await loopback.server.stop()
    await waitFor(() => connection.status === 'reconnecting', 'reconnecting')
    for (const [retry, delay] of [100, 200, 400].entries()) {
      await clock.advance(delay - 1)
      await settle(20)
      expect(loopback.platform.calls).toHaveLength(1 + retry)
      await clock.advance(1)
      await waitFor(() => loopback.platform.calls.length === 2 + retry, `retry ${retry + 1} after ${delay} ms`)
      await waitFor(() => connection.status === 'reconnecting', 'failed again: the server is down')
    }
    await loopback.server.start()
    await clock.advance(800)
    await waitFor(() => connection.status === 'open', 'back once the server is')
  })

  it('declares a silent socket dead at heartbeat interval + timeout, not before', async () => {
    const silent = await startServer({ echo: false })
    afterThis(() => silent.close())
    const registry = loopback.registryOn('weapp', {
      heartbeat: heartbeat({ interval: 1000, timeout: 300, message: 'nobody answers' }),
      reconnect: false,
      clock,
    })
    const { connection } = registry.acquire({ url: silent.url })
    const errors: string[] = []
    connection.subscribe({ onError: (e) => errors.push(e.code) })
    await waitFor(() => connection.status === 'open', 'open')
    await clock.advance(1299)
    await settle(20)
    expect([connection.status, errors]).toEqual(['open', []])
    await clock.advance(1)
    await waitFor(() => errors.includes('HEARTBEAT_TIMEOUT'), 'declared dead')
    expect(silent.sockets[0]!.received).toEqual(['nobody answers'])
  })

  it('keeps counting a handshake it gave up on for platformConnectTimeout, then lets the next socket in', async () => {
    // One slot; the platform never reports the stalled handshake (its own timeout is far away).
    const registry = loopback.registryOn('weapp', { maxConnections: 1, connectTimeout: 100, platformConnectTimeout: 1000, reconnect: false, clock })
    loopback.server.stallHandshakes(true)
    const first = registry.acquire({ url: `${loopback.server.url}/first` })
    // Held by the server before the library gives up on it (a slow machine may take a while to get there).
    await waitFor(() => loopback.server.stalled === 1, 'the first handshake held by the server')
    await clock.advance(100)
    await waitFor(() => first.connection.status === 'closed', 'first given up')
    expect(registry.stats()).toMatchObject({ active: 0, abandoned: 1 })
    // The first handshake stays stalled; the second, whenever it reaches the server, is answered.
    loopback.server.stallHandshakes(false)
    const second = registry.acquire({ url: `${loopback.server.url}/second` })
    // Counted from when the library gave the handshake up: the platform may have started later.
    await clock.advance(999)
    await settle(20)
    expect([second.connection.status, loopback.platform.calls.length]).toEqual(['queued', 1])
    await clock.advance(1)
    await waitFor(() => loopback.platform.calls.length === 2, 'second connectSocket')
    await waitFor(() => second.connection.status === 'open', 'second open')
  })

  it("frees a handshake it gave up on when the platform's own connect timeout ends it", async () => {
    // The platform's time is the same clock: it reports the stalled handshake failed at 400 ms.
    const registry = createSocketRegistry({
      ...emulatePlatform('weapp', { connectTimeout: 400, clock }).registryOptions,
      maxConnections: 1,
      connectTimeout: 100,
      reconnect: false,
      clock,
    })
    loopback.server.stallHandshakes(true)
    const first = registry.acquire({ url: `${loopback.server.url}/first` })
    // Held by the server before the library gives up on it (a slow machine may take a while to get there).
    await waitFor(() => loopback.server.stalled === 1, 'the first handshake held by the server')
    await clock.advance(100)
    await waitFor(() => first.connection.status === 'closed', 'first given up')
    // The first handshake stays stalled; the second, whenever it reaches the server, is answered.
    loopback.server.stallHandshakes(false)
    const second = registry.acquire({ url: `${loopback.server.url}/second` })
    await clock.advance(299)
    await settle(20)
    expect([second.connection.status, registry.stats().abandoned]).toEqual(['queued', 1])
    await clock.advance(1)
    await waitFor(() => second.connection.status === 'connecting', 'second gets the slot')
    expect(registry.stats().abandoned).toBe(0)
    await waitFor(() => second.connection.status === 'open', 'second open')
    registry.dispose()
  })

  it('expires a queued message at its ttl, not before, and keeps the others', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: { minDelay: 100, maxDelay: 100, maxAttempts: Infinity }, clock })
    const { connection } = registry.acquire({ url: loopback.server.url })
    await waitFor(() => connection.status === 'open', 'open')
    await loopback.server.stop()
    await waitFor(() => connection.status === 'reconnecting', 'dropped')
    const shortLived = outcome(connection.send('stale soon', { ttl: 30 }))
    const durable = outcome(connection.send('keep'))
    await clock.advance(29)
    expect(shortLived.value).toBe('pending')
    await clock.advance(1)
    expect([shortLived.value, durable.value]).toEqual(['MESSAGE_EXPIRED', 'pending'])
    await loopback.server.start()
    await clock.advance(100)
    await waitFor(() => durable.value === 'resolved', 'the durable message sent')
    await waitFor(() => loopback.server.sockets[1]?.received.length === 1, 'at the server')
    expect(loopback.server.sockets[1]!.received).toEqual(['keep'])
  })
})

describe('topic timers on the test clock', () => {
  let server: TopicServer
  afterEach(async () => {
    await server.close()
  })

  it('rejects a request with REQUEST_TIMEOUT at its timeout, not before', async () => {
    server = await startTopicServer()
    const registry = loopback.registryOn('weapp', { clock })
    const request = topicClient(registry, { url: server.url }).request('never', null, { timeout: 50 })
    const result = outcome(request)
    await waitFor(() => server.count('request') === 1, 'request at the server')
    await clock.advance(49)
    await settle(20)
    expect(result.value).toBe('pending')
    await clock.advance(1)
    await waitFor(() => result.value === 'REQUEST_TIMEOUT', 'timed out')
    registry.dispose()
  })
})
