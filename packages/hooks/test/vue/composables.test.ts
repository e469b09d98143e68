/**
 * taro-socket-hooks/vue through Vue 3 components on emulated WeChat, Alipay with one socket
 * (Taro's Alipay runtime, an Alipay build) and Alipay's own multiple-task sockets (alipayMultipleTasks());
 * test/taro/h5/vue-h5.test.ts runs the same suites through Taro's real H5 runtime.
 */
import { alipayMultipleTasks } from '../../src/taro/alipay'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { installAlipayBuild } from '../support/alipay-build'
import { describeVueComposables } from '../support/vue-suite'
import { describeVueTopics } from '../support/vue-topics-suite'

type Name = 'weapp' | 'alipay' | 'alipay-multiple'
const PLATFORMS: [string, Name][] = [
  ['weapp (emulated)', 'weapp'],
  ['alipay, one global socket (emulated)', 'alipay'],
  ['alipay with my.connectSocket({ multiple: true }) (emulated)', 'alipay-multiple'],
]

/** The platform as its build runs it: on Alipay the global `my` and TARO_ENV 'alipay'. */
function emulated(name: Name) {
  const platform = emulatePlatform(name)
  const uninstall = name === 'weapp' ? undefined : installAlipayBuild(platform)
  // Multiple-task mode, as an app opts into it: Alipay's own tasks through `my` (no `connect`).
  const options =
    name === 'alipay-multiple'
      ? { platform: 'alipay', adapter: alipayMultipleTasks(), lifecycle: platform.lifecycle, allowInsecure: true }
      : { ...platform.registryOptions }
  return { platform, options, uninstall }
}

for (const [label, name] of PLATFORMS) {
  describeVueComposables(label, (extra) => {
    const { platform, options, uninstall } = emulated(name)
    return {
      options: { ...options, ...extra },
      cap: name === 'alipay' ? 1 : 5,
      app: platform.app,
      teardown() {
        uninstall?.()
        platform.destroy()
      },
    }
  })
  describeVueTopics(label, (extra) => {
    const { platform, options, uninstall } = emulated(name)
    return {
      options: { ...options, ...extra },
      teardown() {
        uninstall?.()
        platform.destroy()
      },
    }
  })
}
