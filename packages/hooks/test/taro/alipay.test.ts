/**
 * Alipay's multiple-task mode is the app's choice: `adapter: alipayMultipleTasks()` gives up to 5
 * sockets, each a task of its own, where the runtime has the mode. Without it, or where the
 * runtime lacks the mode, the registry uses Taro's Alipay runtime and its one global socket.
 * alipay-bundle.test.ts shows what an app ships.
 */
import { createSocketRegistry } from '../../src/taro'
import { alipayMultipleTasks } from '../../src/taro/alipay'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import { waitFor } from '../../src/testing/wait'
import { installAlipayBuild } from '../support/alipay-build'
import { useTaroPlatform } from '../support/taro-emulated'

const URLS = ['a', 'b', 'c', 'd', 'e'] as const

let server: TestServer
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  await server.close()
})

/** An Alipay build on this emulated runtime for the length of `run`. */
async function onAlipay(name: 'alipay' | 'alipay-multiple', run: (platform: ReturnType<typeof emulatePlatform>) => Promise<void> | void) {
  const platform = emulatePlatform(name)
  const uninstall = installAlipayBuild(platform)
  try {
    await run(platform)
  } finally {
    uninstall()
    platform.destroy()
  }
}

describe('alipayMultipleTasks()', () => {
  it('on a runtime with the mode, opens five sockets at once, each its own task through my.connectSocket({ multiple: true })', () =>
    onAlipay('alipay-multiple', async (platform) => {
      const registry = createSocketRegistry({ platform: 'alipay', adapter: alipayMultipleTasks(), lifecycle: platform.lifecycle, allowInsecure: true })
      expect(registry.maxConnections).toBe(5)
      const connections = URLS.map((path) => registry.acquire({ url: `${server.url}/${path}` }).connection)
      await waitFor(() => connections.every((c) => c.status === 'open') && server.openCount === 5, 'five open')
      expect(platform.calls.map((call) => (call as { multiple?: boolean }).multiple)).toEqual([true, true, true, true, true])
      registry.dispose()
      await waitFor(() => server.openCount === 0, 'all closed')
    }))

  it("without it, the same runtime gets Taro's Alipay runtime: Taro.connectSocket, one socket at a time", () =>
    onAlipay('alipay-multiple', async (platform) => {
      useTaroPlatform(platform)
      try {
        const registry = createSocketRegistry({ platform: 'alipay', lifecycle: platform.lifecycle, allowInsecure: true })
        expect(registry.maxConnections).toBe(1)
        const [first, second] = URLS.slice(0, 2).map((path) => registry.acquire({ url: `${server.url}/${path}` }).connection)
        await waitFor(() => first!.status === 'open', 'the first open')
        expect([second!.status, registry.stats().queued, server.openCount]).toEqual(['queued', 1, 1])
        expect(platform.calls.map((call) => 'multiple' in call)).toEqual([false])
        registry.dispose()
        await waitFor(() => server.openCount === 0, 'closed')
      } finally {
        useTaroPlatform(null)
      }
    }))

  it('is undefined on a runtime without the mode, where my.canIUse says no', () =>
    onAlipay('alipay', () => {
      expect(alipayMultipleTasks()).toBeUndefined()
    }))

  it('is undefined on the oldest runtimes, whose `my` has no canIUse', () =>
    onAlipay('alipay-multiple', () => {
      const my = (globalThis as { my?: { canIUse?: unknown } }).my!
      delete my.canIUse
      expect(alipayMultipleTasks()).toBeUndefined()
    }))

  it('is undefined where there is no `my` at all', () =>
    onAlipay('alipay-multiple', () => {
      delete (globalThis as { my?: unknown }).my
      expect(alipayMultipleTasks()).toBeUndefined()
    }))

  it('is undefined off Alipay, even where a `my` offers the mode', () =>
    onAlipay('alipay-multiple', () => {
      process.env.TARO_ENV = 'weapp'
      expect(alipayMultipleTasks()).toBeUndefined()
    }))

  it("with it undefined, the registry keeps Taro's runtime and its limit of 1", () =>
    onAlipay('alipay', (platform) => {
      const registry = createSocketRegistry({ ...platform.registryOptions, adapter: alipayMultipleTasks() })
      expect(registry.maxConnections).toBe(1)
      registry.dispose()
    }))
})
