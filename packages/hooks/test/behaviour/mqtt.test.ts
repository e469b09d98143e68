/**
 * A binary-protocol client nobody here wrote, MQTT.js, against a real MQTT broker, running on
 * the emulated mini-program platforms through the library's standard WebSocket class.
 */
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { installAlipayBuild, installAlipayMultiple } from '../support/alipay-build'
import { describeMqtt } from '../support/mqtt-suite'

describeMqtt('weapp (emulated)', () => {
  const platform = emulatePlatform('weapp')
  return {
    registry: createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 }),
    cap: 5,
    refusals: () => platform.refusals,
    teardown: () => platform.destroy(),
  }
})

// Taro's Alipay runtime: one global socket, binary as base64.
describeMqtt('alipay, one global socket (emulated)', () => {
  const platform = emulatePlatform('alipay')
  const uninstall = installAlipayBuild(platform)
  return {
    registry: createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 }),
    cap: 1,
    refusals: () => platform.refusals,
    teardown() {
      uninstall()
      platform.destroy()
    },
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
