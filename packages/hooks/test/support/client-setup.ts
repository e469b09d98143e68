import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { alipayMultipleTasks } from '../../src/taro/alipay'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { installAlipayBuild } from './alipay-build'

/** Where a third-party client (graphql-ws, MQTT.js) runs through the WebSocket class. */
export interface ClientSetup {
  registry: SocketRegistry
  cap: number
  /** connectSocket calls the platform refused for its limit (emulated platforms only). */
  refusals?: () => number
  teardown(): void
}

/** The emulated platforms a client is proven on, by suite name, each set up as its build is. */
export const EMULATED_CLIENT_PLATFORMS = {
  'weapp (emulated)': 'weapp',
  // Taro's Alipay runtime: one global socket (binary as base64).
  'alipay, one global socket (emulated)': 'alipay',
  'alipay with my.connectSocket({ multiple: true }) (emulated)': 'alipay-multiple',
} as const

/** A registry on the emulated platform; on Alipay an Alipay build (TARO_ENV and the global `my`). */
export function emulatedClientSetup(name: 'weapp' | 'alipay' | 'alipay-multiple'): ClientSetup {
  const platform = emulatePlatform(name)
  const uninstall = name === 'weapp' ? undefined : installAlipayBuild(platform)
  // Multiple-task mode, as an app opts into it: Alipay's own tasks through `my` (no `connect`).
  const registry =
    name === 'alipay-multiple'
      ? createSocketRegistry({ platform: 'alipay', adapter: alipayMultipleTasks(), lifecycle: platform.lifecycle, allowInsecure: true, releaseDelay: 20 })
      : createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 })
  return {
    registry,
    cap: registry.maxConnections,
    refusals: () => platform.refusals,
    teardown() {
      uninstall?.()
      platform.destroy()
    },
  }
}
