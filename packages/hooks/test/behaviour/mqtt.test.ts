/**
 * A binary-protocol client nobody here wrote, MQTT.js, against a real MQTT broker, running on
 * the emulated mini-program platforms through the library's standard WebSocket class.
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { installAlipayMultiple } from '../support/alipay-build'
import { describeMqtt } from '../support/mqtt-suite'

// Alipay's one-socket mode (Taro's runtime) is not here yet: MQTT.js does not get connected there
// (issue 18, with Alipay's base64 binary contract).
describeMqtt('weapp (emulated)', () => {
  const platform = emulatePlatform('weapp')
  return {
    registry: createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 }),
    cap: 5,
    refusals: () => platform.refusals,
    teardown: () => platform.destroy(),
  }
})

describeMqtt('alipay with my.connectSocket({ multiple: true }) (emulated)', () => {
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
