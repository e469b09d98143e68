/**
 * A GraphQL subscription client nobody here wrote, graphql-ws, running on the emulated
 * mini-program platforms through the library's standard WebSocket class.
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { installAlipayMultiple } from '../support/alipay-build'
import { describeGraphqlWs } from '../support/graphql-suite'

for (const [name, cap] of [
  ['weapp', 5],
  ['alipay', 1],
] as Array<[EmulatedPlatform, number]>) {
  describeGraphqlWs(`${name} (emulated)`, () => {
    const platform = emulatePlatform(name)
    return {
      registry: createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 }),
      cap,
      refusals: () => platform.refusals,
      teardown: () => platform.destroy(),
    }
  })
}

describeGraphqlWs('alipay with my.connectSocket({ multiple: true }) (emulated)', () => {
  const platform = emulatePlatform('alipay-multiple')
  const uninstall = installAlipayMultiple(platform)
  const registry = createSocketRegistry({ platform: 'alipay', lifecycle: platform.lifecycle, allowInsecure: true, releaseDelay: 20 })
  return {
    registry,
    cap: 5,
    refusals: () => platform.refusals,
    teardown() {
      uninstall()
      platform.destroy()
    },
  }
})
