/**
 * Taro's Alipay runtime turns every task's handlers into the global my.onSocket* ones, which stay
 * until my.offSocket* removes them: the library removes its own when an attempt ends.
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
import { waitFor } from '../../src/testing/wait'
import { installAlipayBuild } from '../support/alipay-build'

it.each(['alipay', 'tini'] as const)('keeps the global socket handlers on %s at one set over 20 reconnects', async (name) => {
  const server = await startServer()
  const platform = emulatePlatform(name)
  const uninstall = installAlipayBuild(platform)
  const registry = createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20, reconnect: { minDelay: 1, maxDelay: 2, maxAttempts: 100 } })
  const { connection } = registry.acquire({ url: server.url })
  await waitFor(() => connection.status === 'open', 'open')
  const counts = [platform.globalHandlers]
  for (let i = 1; i <= 20; i++) {
    server.sockets[i - 1]!.socket.close(1012, 'restart')
    await waitFor(() => server.sockets.length === i + 1 && server.openCount === 1 && connection.status === 'open', `reconnect ${i}`)
    counts.push(platform.globalHandlers)
  }
  // One handler each for open, message, error and close: the current attempt's, and no more.
  expect(counts).toEqual(Array.from({ length: 21 }, () => 4))
  connection.close()
  await waitFor(() => connection.status === 'closed', 'closed')
  expect(platform.globalHandlers).toBe(0)
  registry.dispose()
  uninstall()
  platform.destroy()
  await server.close()
})
