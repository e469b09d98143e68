/**
 * A proxy on the way swallows everything while the TCP connection stays up: no close,
 * no error, the socket looks alive. Only the heartbeat can tell.
 */
import { createTestClock } from '../../src/testing/clock'
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'
import { heartbeat } from '../../src/core/heartbeat'

const loopback = useLoopback()
let proxy: BlackholeProxy

beforeEach(async () => {
  proxy = await startBlackholeProxy(loopback.server.port)
})
afterEach(() => proxy.close())

it('detects a black-holed connection at interval + timeout and recovers once traffic flows again', async () => {
  const interval = 200
  const timeout = 150
  // The library's time is the test's: detection is exact, however busy the machine.
  const clock = createTestClock()
  const registry = loopback.registryOn('weapp', {
    heartbeat: heartbeat({ interval, timeout, message: 'ping' }),
    // random() = 1: each wait is its ceiling (50 ms, then 100, 200).
    reconnect: { minDelay: 50, maxDelay: 200, maxAttempts: Infinity },
    random: () => 1,
    connectTimeout: 300,
    clock,
  })
  const { connection } = registry.acquire({ url: proxy.url })
  const errors: string[] = []
  let heard = 0
  connection.subscribe({ onError: (e) => errors.push(e.code), onMessage: () => heard++ })
  await waitFor(() => connection.status === 'open', 'open')
  await clock.advance(interval)
  await waitFor(() => heard === 1, 'first ping answered')

  // Cut: the next ping goes at 2 × interval and nothing answers it.
  proxy.blackhole()
  await clock.advance(interval + timeout - 1)
  await settle(20)
  expect([connection.status, errors]).toEqual(['open', []])
  await clock.advance(1)
  await waitFor(() => errors.includes('HEARTBEAT_TIMEOUT'), 'heartbeat notices')
  expect(connection.status).not.toBe('open')

  // While the proxy swallows handshakes too, an attempt times out and is retried.
  await clock.advance(50)
  await waitFor(() => loopback.platform.calls.length === 2, 'a reconnect attempt')
  await clock.advance(300)
  await waitFor(() => errors.includes('CONNECT_TIMEOUT'), 'the attempt times out')
  const messageSent = connection.send('sent while cut off')

  proxy.restore()
  await clock.advance(100)
  await waitFor(() => connection.status === 'open', 'recovered')
  await messageSent
  const last = () => loopback.server.sockets.at(-1)!
  await waitFor(() => last().received.includes('sent while cut off'), 'queued message arrives')
  await settle(50)
  expect(loopback.server.openCount).toBe(1)
  expect(registry.stats().active).toBe(1)
})
