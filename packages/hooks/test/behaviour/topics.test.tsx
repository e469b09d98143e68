/**
 * taro-socket-hooks/topics through React components on emulated WeChat, Alipay with one socket
 * (Taro's Alipay runtime) and Alipay's own multiple-task sockets (alipayMultipleTasks()); test/taro/h5 runs the same
 * suite through Taro's real H5 runtime.
 */
import { createSocketRegistry } from '../../src/taro'
import { alipayMultipleTasks } from '../../src/taro/alipay'
import { durableOutbox } from '../../src/core/durable'
import { taroStorage } from '../../src/taro/storage'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { installAlipayMultiple } from '../support/alipay-build'
import { describeTopics } from '../support/topics-suite'

// Ten restarts come faster than `stableAfter` (5 s) lets the retry count start over: allow more retries in a row.
const RECONNECT = { minDelay: 5, maxDelay: 20, maxAttempts: 100 }

for (const name of ['weapp', 'alipay'] as EmulatedPlatform[]) {
  describeTopics(
    `${name} (emulated)`,
    (options, device) => {
      const platform = emulatePlatform(name, { storage: device })
      const storage = taroStorage(platform.storage)
      return {
        registry: createSocketRegistry({
          ...platform.registryOptions,
          releaseDelay: 20,
          reconnect: RECONNECT,
          durable: durableOutbox({ storage }),
          ...options,
        }),
        storage,
        device: platform.storage,
        app: platform.app,
        teardown: () => platform.destroy(),
      }
    },
    { background: true },
  )
}

describeTopics(
  'alipay with my.connectSocket({ multiple: true }) (emulated)',
  (options, device) => {
    const platform = emulatePlatform('alipay-multiple', { storage: device })
    const uninstall = installAlipayMultiple(platform)
    const storage = taroStorage(platform.storage)
    const registry = createSocketRegistry({
      platform: 'alipay',
      adapter: alipayMultipleTasks(),
      lifecycle: platform.lifecycle,
      allowInsecure: true,
      releaseDelay: 20,
      reconnect: RECONNECT,
      durable: durableOutbox({ storage }),
      ...options,
    })
    return {
      registry,
      storage,
      device: platform.storage,
      app: platform.app,
      teardown() {
        uninstall()
        platform.destroy()
      },
    }
  },
  { background: true },
)
