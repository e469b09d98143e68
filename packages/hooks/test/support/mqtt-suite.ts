import { connect, type IClientOptions, type MqttClient } from 'mqtt'
import { webSocketFor } from '../../src/websocket'
import { startServer, type TestServer } from '../../src/testing/server'
import { settle, waitFor } from '../../src/testing/wait'
import { startMqttBroker, type MqttBroker } from './mqtt-broker'

import type { ClientSetup } from './client-setup'

/** Bounds: messages each way, broker restarts, and the small batches after a restart or a wait. */
const FROM_BROKER = 500
const FROM_CLIENT = 200
const RESTARTS = 2
const AFTER_RESTART = 50

/**
 * A binary payload that is not text: its index in the first two bytes, then bytes that are not
 * UTF-8 (0xc3 0x28, 0xff), 4 to 64 bytes long. Anything that turned it into a string breaks it.
 */
function payload(i: number): Buffer {
  const bytes = Array.from({ length: 4 + (i % 61) }, (_, k) => (k * 37 + i) & 0xff)
  bytes[0] = i >> 8
  bytes[1] = i & 0xff
  if (bytes.length > 4) bytes.splice(2, 3, 0xc3, 0x28, 0xff)
  return Buffer.from(bytes)
}
const hex = (buffers: readonly Buffer[]) => buffers.map((b) => b.toString('hex'))

/**
 * MQTT.js's own client, unchanged, given the library's WebSocket class, against a real MQTT
 * broker (aedes) on 127.0.0.1: the same checks on every emulated platform and through Taro's
 * real H5 runtime. Every MQTT packet is a binary frame both ways.
 */
export function describeMqtt(name: string, setup: () => ClientSetup): void {
  describe(`MQTT.js on ${name}`, () => {
    let broker: MqttBroker
    let env: ClientSetup
    let clients: MqttClient[] = []
    let others: TestServer[] = []
    /** Sockets open at the broker and the other server together, sampled while a test runs. */
    let peakTogether = 0
    let sampler: ReturnType<typeof setInterval> | undefined
    const figures: string[] = []

    beforeEach(async () => {
      broker = await startMqttBroker()
      env = setup()
      peakTogether = 0
      sampler = setInterval(() => {
        const open = broker.openCount + others.reduce((sum, other) => sum + other.openCount, 0)
        peakTogether = Math.max(peakTogether, open)
      }, 1)
    })
    afterEach(async () => {
      try {
        await Promise.all(clients.map((client) => client.endAsync(true)))
        await waitFor(() => broker.openCount === 0, 'client sockets closed at the broker')
        await waitFor(() => env.registry.stats().active === 0 && env.registry.stats().connections === 0, 'no socket left in the registry')
        expect(broker.peakOpen).toBeLessThanOrEqual(env.cap)
        expect(peakTogether).toBeLessThanOrEqual(env.cap)
        expect(env.refusals?.() ?? 0).toBe(0)
      } finally {
        clearInterval(sampler)
        clients = []
        env.registry.dispose()
        env.teardown()
        await broker.close()
        await Promise.all(others.map((other) => other.close()))
        others = []
      }
    })
    afterAll(() => {
      console.info(`MQTT.js on ${name} (cap ${env.cap}):\n  ${figures.join('\n  ')}`)
    })

    /** The options a mini-program app gives MQTT.js (see the README's MQTT recipe). */
    const client = (options: IClientOptions = {}) => {
      const WebSocket = webSocketFor(env.registry)
      const created = connect(broker.url, {
        protocolVersion: 4,
        // MQTT.js's browser code path (a WHATWG WebSocket), whatever it detects about the engine.
        forceNativeWebSocket: true,
        createWebsocket: (url: string, protocols: string[]) => new WebSocket(url, protocols),
        // In a browser MQTT.js keeps its keepalive in a Web Worker (worker-timers, made from a Blob):
        // mini-programs have neither. Plain setInterval instead.
        timerVariant: 'native',
        // Short, so the restart test does not idle; nothing below depends on it being fast.
        reconnectPeriod: 100,
        ...options,
      })
      clients.push(created)
      return created
    }
    const connected = (mqtt: MqttClient) => waitFor(() => mqtt.connected, 'MQTT.js connected')

    it(`subscribes and receives ${FROM_BROKER} binary messages from the broker in order`, async () => {
      const mqtt = client()
      const errors: Error[] = []
      mqtt.on('error', (error) => errors.push(error))
      const got: Buffer[] = []
      mqtt.on('message', (topic, message) => topic === 'feed' && got.push(message))
      await connected(mqtt)
      const granted = await mqtt.subscribeAsync('feed', { qos: 1 })
      expect(granted.map((g) => [g.topic, g.qos])).toEqual([['feed', 1]])
      expect(broker.subscriptions).toEqual(['feed'])

      const sent = Array.from({ length: FROM_BROKER }, (_, i) => payload(i))
      const start = Date.now()
      await Promise.all(sent.map((message) => broker.publish('feed', message)))
      await waitFor(() => got.length >= FROM_BROKER, `${FROM_BROKER} messages at the client`)
      const ms = Date.now() - start
      expect(hex(got)).toEqual(hex(sent))
      expect(errors).toEqual([])
      expect(broker.accepted).toBe(1)
      figures.push(`broker→client: ${got.length} QoS 1 messages in order in ${ms} ms`)
    })

    it(`publishes ${FROM_CLIENT} binary messages with QoS 1, each acknowledged by the broker`, async () => {
      const mqtt = client()
      const errors: Error[] = []
      mqtt.on('error', (error) => errors.push(error))
      await connected(mqtt)
      const sent = Array.from({ length: FROM_CLIENT }, (_, i) => payload(i))
      const start = Date.now()
      const acks = await Promise.all(sent.map((message) => mqtt.publishAsync('uplink', message, { qos: 1 })))
      const ms = Date.now() - start
      // publishAsync resolves on the broker's PUBACK for QoS 1.
      expect(acks).toHaveLength(FROM_CLIENT)
      expect(hex(broker.received('uplink'))).toEqual(hex(sent))
      expect(errors).toEqual([])
      expect(broker.accepted).toBe(1)
      figures.push(`client→broker: ${acks.length} QoS 1 publishes acknowledged in ${ms} ms`)
    })

    it(`reconnects and resubscribes by itself through the class after ${RESTARTS} broker restarts`, async () => {
      const mqtt = client()
      let connects = 0
      let reconnects = 0
      mqtt.on('connect', () => connects++)
      mqtt.on('reconnect', () => reconnects++)
      const got: number[] = []
      mqtt.on('message', (topic, message) => topic === 'feed' && got.push(message.readUInt16BE(0)))
      await connected(mqtt)
      await mqtt.subscribeAsync('feed', { qos: 1 })
      const start = Date.now()
      for (let round = 1; round <= RESTARTS; round++) {
        await broker.stop()
        await waitFor(() => !mqtt.connected, 'the client saw the broker go')
        // MQTT.js tries again while nothing listens; those sockets fail through the class.
        const tried = reconnects
        await waitFor(() => reconnects > tried, 'a reconnect attempt while the broker is down')
        await broker.start()
        // A new broker knows no subscription: MQTT.js subscribes again by itself.
        await waitFor(() => connects === round + 1 && broker.subscriptions.includes('feed'), 'reconnected and resubscribed')
        const ids = Array.from({ length: AFTER_RESTART }, (_, i) => round * 1000 + i)
        await Promise.all(ids.map((id) => broker.publish('feed', payload(id))))
        await waitFor(() => got.length >= round * AFTER_RESTART, `messages after restart ${round}`)
        expect(got.slice(-AFTER_RESTART)).toEqual(ids)
      }
      const ms = Date.now() - start
      expect(connects).toBe(RESTARTS + 1)
      expect(broker.peakOpen).toBe(1)
      figures.push(
        `restarts: ${RESTARTS} (${broker.accepted} broker connections, ${reconnects} MQTT.js reconnect attempts, ` +
          `${got.length} messages after them) in ${ms} ms`,
      )
    })

    it('waits for a platform slot while other users hold the cap, and connects when one frees', async () => {
      // Other parts of the app hold every socket the platform allows, on another server.
      const other = await startServer()
      others.push(other)
      const holders = Array.from({ length: env.cap }, (_, i) => env.registry.acquire({ url: `${other.url}/holder-${i}` }))
      await waitFor(() => other.openCount === env.cap, 'the limit reached')
      const mqtt = client()
      const got: Buffer[] = []
      mqtt.on('message', (topic, message) => topic === 'feed' && got.push(message))
      await settle(100)
      expect(mqtt.connected).toBe(false)
      expect(broker.accepted).toBe(0)
      expect(env.registry.stats().queued).toBe(1)

      // One holder lets go; the others keep theirs.
      const start = Date.now()
      holders[0]!.connection.close()
      holders[0]!.release()
      await connected(mqtt)
      const ms = Date.now() - start
      await mqtt.subscribeAsync('feed', { qos: 1 })
      const sent = Array.from({ length: 5 }, (_, i) => payload(i))
      await Promise.all(sent.map((message) => broker.publish('feed', message)))
      await waitFor(() => got.length >= sent.length, 'messages after the wait')
      expect(hex(got)).toEqual(hex(sent))
      expect(other.openCount).toBe(env.cap - 1)
      const peak = peakTogether
      for (const holder of holders.slice(1)) holder.release()
      await waitFor(() => other.openCount === 0, 'holders closed')
      figures.push(
        `slot: waited behind ${env.cap} held sockets, connected ${ms} ms after one freed; ` +
          `peak sockets ${peak} of cap ${env.cap}, refusals ${env.refusals?.() ?? 'n/a'}`,
      )
    })
  })
}
