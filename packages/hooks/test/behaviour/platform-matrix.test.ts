/**
 * The behaviour suite on every emulated platform (test/h5 runs it through Taro's real H5).
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
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

// Alipay where the runtime offers multiple-task mode: the registry finds `my` and uses it.
describeSocketBehaviour('alipay with my.connectSocket({ multiple: true }) (emulated)', async (overrides) => {
  const server = await startServer()
  const platform = emulatePlatform('alipay-multiple', overrides.emulator)
  const uninstall = installAlipayMultiple(platform)
  const registry = createSocketRegistry({
    platform: 'alipay',
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
