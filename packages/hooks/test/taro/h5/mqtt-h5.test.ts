/**
 * MQTT.js through Taro's real H5 SocketTask and jsdom's WebSocket, on the library's WebSocket
 * class, against a real MQTT broker: the registry picks its H5 adapter by itself.
 */
import { createSocketRegistry } from '../../../src/taro'
import { describeMqtt } from '../../support/mqtt-suite'

describeMqtt('h5 (Taro runtime)', () => ({
  registry: createSocketRegistry({ platform: 'h5', releaseDelay: 20 }),
  cap: 5,
  teardown: () => undefined,
}))
