/**
 * A proxy on the way swallows everything while the TCP connection stays up: no close,
 * no error, the socket looks alive. Only the heartbeat can tell.
 */
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'

const loopback = useLoopback()
let proxy: BlackholeProxy

beforeEach(async () => {
  proxy = await startBlackholeProxy(loopback.server.port)
})
afterEach(() => proxy.close())

it('detects a black-holed connection within interval + timeout and recovers once traffic flows again', async () => {
  const interval = 200
  const timeout = 150
  const registry = loopback.registryOn('weapp', {
    heartbeat: { interval, timeout, message: 'ping' },
    reconnect: { minDelay: 50, maxDelay: 200, maxAttempts: Infinity },
    connectTimeout: 300,
  })
  const { connection } = registry.acquire({ url: proxy.url })
  const errors: string[] = []
  connection.subscribe({ onError: (e) => errors.push(e.code) })
  await waitFor(() => connection.status === 'open', 'open')
  await waitFor(() => loopback.server.sockets[0]?.received.includes('ping') === true, 'first ping answered')

  proxy.blackhole()
  const cut = Date.now()
  await waitFor(() => errors.includes('HEARTBEAT_TIMEOUT'), 'heartbeat notices', 3000)
  const detected = Date.now() - cut
  expect(detected).toBeLessThanOrEqual(interval + timeout + 250) // 250 ms of scheduling slack on a busy machine
  expect(connection.status).not.toBe('open')

  // While the proxy swallows handshakes too, attempts time out and are retried.
  await waitFor(() => errors.includes('CONNECT_TIMEOUT'), 'a reconnect attempt times out', 3000)
  const messageSent = connection.send('sent while cut off')

  proxy.restore()
  const restored = Date.now()
  await waitFor(() => connection.status === 'open', 'recovered', 5000)
  const recovery = Date.now() - restored
  await messageSent
  const last = () => loopback.server.sockets.at(-1)!
  await waitFor(() => last().received.includes('sent while cut off'), 'queued message arrives')
  await settle(50)
  expect(loopback.server.openCount).toBe(1)
  expect(registry.stats().active).toBe(1)
  console.info(
    `black hole: detected after ${detected} ms (interval ${interval} + timeout ${timeout}), ` +
      `${errors.filter((e) => e === 'CONNECT_TIMEOUT').length} timed-out attempts, recovered ${recovery} ms after traffic resumed`,
  )
})
