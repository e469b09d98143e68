/**
 * taro-socket-hooks/topics through React components on emulated WeChat, Alipay with one socket
 * (Taro's Alipay runtime) and Alipay's own multiple-task sockets; test/taro/h5 runs the same
 * suite through Taro's real H5 runtime.
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { installAlipayMultiple } from '../support/alipay-build'
import { describeTopics } from '../support/topics-suite'

// Ten restarts come faster than `stableAfter` (5 s) lets the retry count start over: allow more retries in a row.
const RECONNECT = { minDelay: 5, maxDelay: 20, maxAttempts: 100 }

for (const name of ['weapp', 'alipay'] as EmulatedPlatform[]) {
  describeTopics(`${name} (emulated)`, (options) => {
    const platform = emulatePlatform(name)
    return {
      registry: createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20, reconnect: RECONNECT, ...options }),
      teardown: () => platform.destroy(),
    }
  })
}

describeTopics('alipay with my.connectSocket({ multiple: true }) (emulated)', (options) => {
  const platform = emulatePlatform('alipay-multiple')
  const uninstall = installAlipayMultiple(platform)
  const registry = createSocketRegistry({
    platform: 'alipay',
    lifecycle: platform.lifecycle,
    allowInsecure: true,
    releaseDelay: 20,
    reconnect: RECONNECT,
    ...options,
  })
  return {
    registry,
    teardown() {
      uninstall()
      platform.destroy()
    },
  }
})
