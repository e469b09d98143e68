/**
 * The behaviour suite on every emulated platform (test/h5 runs it through Taro's real H5).
 */
import { createSocketRegistry } from '../../src/taro'
import { alipayMultipleTasks } from '../../src/taro/alipay'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
import { waitFor } from '../../src/testing/wait'
import { installAlipayBuild, installAlipayMultiple } from '../support/alipay-build'
import { describeSocketBehaviour } from '../support/behaviour-suite'

const PLATFORMS: Array<{ name: EmulatedPlatform; cap: number; dropsAppCloseCode?: boolean }> = [
  { name: 'weapp', cap: 5 },
  { name: 'qq', cap: 5 },
  { name: 'tt', cap: 5 },
  { name: 'swan', cap: 5 },
  { name: 'lark', cap: 5 },
  { name: 'h5', cap: 5 },
  { name: 'rn', cap: 2 },
  { name: 'alipay', cap: 1, dropsAppCloseCode: true },
  { name: 'tini', cap: 1, dropsAppCloseCode: true },
]

for (const { name, cap, dropsAppCloseCode } of PLATFORMS) {
  describeSocketBehaviour(`${name} (emulated)`, async (overrides) => {
    const server = await startServer()
    const platform = emulatePlatform(name, overrides.emulator)
    // Taro's Alipay runtime, in an Alipay build: TARO_ENV 'alipay' and the global `my`.
    const uninstall = name === 'alipay' || name === 'tini' ? installAlipayBuild(platform) : undefined
    const registry = createSocketRegistry({
      ...platform.registryOptions,
      releaseDelay: 20,
      reconnect: { minDelay: 10, maxDelay: 50 },
      ...overrides.registry,
    })
    return {
      registry,
      server,
      cap,
      app: platform.app,
      refusals: () => platform.refusals,
      ...(dropsAppCloseCode ? { dropsAppCloseCode } : {}),
      async teardown() {
        uninstall?.()
        platform.destroy()
        await server.close()
      },
    }
  })
}

// Alipay where the runtime offers multiple-task mode and the app opts into it: Alipay's own tasks through `my`.
describeSocketBehaviour('alipay with my.connectSocket({ multiple: true }) (emulated)', async (overrides) => {
  const server = await startServer()
  const platform = emulatePlatform('alipay-multiple', overrides.emulator)
  const uninstall = installAlipayMultiple(platform)
  const registry = createSocketRegistry({
    platform: 'alipay',
    adapter: alipayMultipleTasks(),
    lifecycle: platform.lifecycle,
    allowInsecure: true,
    releaseDelay: 20,
    reconnect: { minDelay: 10, maxDelay: 50 },
    ...overrides.registry,
  })
  return {
    registry,
    server,
    cap: 5,
    app: platform.app,
    refusals: () => platform.refusals,
    async teardown() {
      uninstall()
      platform.destroy()
      await server.close()
    },
  }
})

// Douyin's tt.connectSocket doc: with protocols given, a server that picks none fails the
// connection; browsers, `ws` and the other platforms here do the same. The error says what to do.
describe.each(['tt', 'weapp', 'alipay'] as const)('on %s (emulated), a server that speaks none of the protocols offered', (name) => {
  it('fails the connect with CONNECT_FAILED naming the protocols and what to do, and leaves nothing open', async () => {
    const server = await startServer({ pickProtocol: false })
    const platform = emulatePlatform(name)
    const uninstall = name === 'alipay' ? installAlipayBuild(platform) : () => undefined
    const registry = createSocketRegistry({ ...platform.registryOptions, reconnect: false })
    try {
      const { connection } = registry.acquire({ url: server.url, protocols: ['chat.v2', 'chat.v1'] })
      await waitFor(() => connection.status === 'closed', 'failed')
      expect(connection.error).toMatchObject({ code: 'CONNECT_FAILED' })
      expect(connection.error!.message).toContain('picks one of the protocols offered (chat.v2, chat.v1)')
      expect(connection.error!.message).toContain('leave protocols out')
      // The server finished its side of the handshake; the client drops it.
      await waitFor(() => server.openCount === 0, 'nothing left open at the server')
    } finally {
      registry.dispose()
      uninstall()
      platform.destroy()
      await server.close()
    }
  })
})
