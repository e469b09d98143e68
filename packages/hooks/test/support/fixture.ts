import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import { installAlipayBuild } from './alipay-build'

/**
 * A fresh loopback server for every test, and registries on an emulated platform that
 * are torn down after it.
 */
export function useLoopback() {
  const state = {
    server: undefined as unknown as TestServer,
    platform: undefined as PlatformEmulator | undefined,
    uninstall: undefined as (() => void) | undefined,
  }

  beforeEach(async () => {
    state.server = await startServer()
  })
  afterEach(async () => {
    state.uninstall?.()
    state.uninstall = undefined
    state.platform?.destroy()
    state.platform = undefined
    await state.server.close()
  })

  return {
    get server() {
      return state.server
    },
    /** The platform emulator of the last registryOn() call. */
    get platform() {
      if (!state.platform) throw new Error('call registryOn() first')
      return state.platform
    },
    /** Restarts the server on a new port (after a test closed it). */
    async restart() {
      state.server = await startServer()
    },
    registryOn(name: EmulatedPlatform, options: SocketRegistryOptions = {}): SocketRegistry {
      state.uninstall?.()
      state.platform?.destroy()
      state.platform = emulatePlatform(name)
      // Alipay and Tini run as an Alipay build does: TARO_ENV 'alipay' and the global `my`.
      state.uninstall = name === 'alipay' || name === 'tini' ? installAlipayBuild(state.platform) : undefined
      return createSocketRegistry({
        ...state.platform.registryOptions,
        releaseDelay: 20,
        ...options,
      })
    },
  }
}
