import { setImmediate as nodeSetImmediate } from 'node:timers'
import { createBroker, type default as Aedes } from 'aedes'
import { createWebSocketStream } from 'ws'
import { startRestartableServer, type RestartableServer } from './restartable-server'

// aedes is a Node server and calls the global setImmediate, which the jsdom-based test
// environments take away (mini-program engines have none either). The broker gets Node's; the
// library never uses it, and MQTT.js has taken its own fallback by the time this runs
// (mqtt-suite.ts imports it first).
;(globalThis as { setImmediate?: unknown }).setImmediate ??= nodeSetImmediate

/**
 * A real MQTT broker (aedes, MQTT 3.1.1) on 127.0.0.1 over WebSocket, as MQTT.js reaches
 * EMQX, Mosquitto or HiveMQ from a browser: each WebSocket becomes a stream aedes reads MQTT
 * packets from. aedes 0.51 is its last CommonJS line, which Jest loads as it is.
 *
 * Records how many sockets were open at once, the client subscriptions it acknowledged, and
 * every message clients published, per topic; can be restarted on the same port, the broker
 * itself included (a new aedes, which knows no earlier subscription).
 */
export interface MqttBroker extends RestartableServer {
  /** MQTT CONNECTs the current broker accepted. */
  readonly connects: number
  /** Topic filters clients subscribed to on the current broker, in order. */
  readonly subscriptions: readonly string[]
  /** Payloads clients published on `topic` (across restarts), in arrival order. */
  received(topic: string): readonly Buffer[]
  /** Publishes from the broker itself, as a server-side producer would. */
  publish(topic: string, payload: Buffer, qos?: 0 | 1): Promise<void>
}

export async function startMqttBroker(): Promise<MqttBroker> {
  let connects = 0
  let subscriptions: string[] = []
  const published = new Map<string, Buffer[]>()
  let broker: Aedes | null = null

  // A new aedes at every start: a restarted broker knows no earlier subscription.
  const server = await startRestartableServer('/mqtt', (wss) => {
    const aedes = createBroker()
    connects = 0
    subscriptions = []
    aedes.on('client', () => connects++)
    aedes.on('subscribe', (subs) => subscriptions.push(...subs.map((s) => s.topic)))
    aedes.on('publish', (packet, client) => {
      if (!client) return // the broker's own messages and $SYS
      const list = published.get(packet.topic) ?? []
      list.push(Buffer.from(packet.payload))
      published.set(packet.topic, list)
    })
    wss.on('connection', (socket) => {
      const stream = createWebSocketStream(socket)
      // A client that goes away mid-write is the test's business, not an unhandled error.
      stream.on('error', () => undefined)
      aedes.handle(stream)
    })
    broker = aedes
    return async () => {
      broker = null
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
    }
  })

  // The server's own counts and controls (getters kept), and the broker's records.
  return Object.defineProperties(server, {
    connects: { get: () => connects },
    subscriptions: { get: () => subscriptions },
    received: { value: (topic: string) => published.get(topic) ?? [] },
    publish: {
      value: (topic: string, payload: Buffer, qos: 0 | 1 = 1) =>
        new Promise<void>((resolve, reject) => {
          if (!broker) return reject(new Error('the broker is stopped'))
          broker.publish({ cmd: 'publish', topic, payload, qos, retain: false, dup: false }, (error) => (error ? reject(error) : resolve()))
        }),
    },
  }) as MqttBroker
}
