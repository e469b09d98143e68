/**
 * A binary-protocol client nobody here wrote, MQTT.js, against a real MQTT broker, running on
 * the emulated mini-program platforms through the library's standard WebSocket class.
 */
import { EMULATED_CLIENT_PLATFORMS, emulatedClientSetup } from '../support/client-setup'
import { describeMqtt } from '../support/mqtt-suite'

for (const [name, platform] of Object.entries(EMULATED_CLIENT_PLATFORMS)) describeMqtt(name, () => emulatedClientSetup(platform))
