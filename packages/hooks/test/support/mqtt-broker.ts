import type { AddressInfo } from 'node:net'
import { setImmediate as nodeSetImmediate } from 'node:timers'
import { createBroker, type default as Aedes } from 'aedes'
import { WebSocketServer, createWebSocketStream } from 'ws'

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
export interface MqttBroker {
  url: string
  readonly openCount: number
  readonly peakOpen: number
  /** WebSocket connections accepted, in all (across restarts). */
  readonly accepted: number
  /** MQTT CONNECTs the current broker accepted. */
  readonly connects: number
  /** Topic filters clients subscribed to on the current broker, in order. */
  readonly subscriptions: readonly string[]
  /** Payloads clients published on `topic` (across restarts), in arrival order. */
  received(topic: string): readonly Buffer[]
  /** Publishes from the broker itself, as a server-side producer would. */
  publish(topic: string, payload: Buffer, qos?: 0 | 1): Promise<void>
  /** Closes every socket with 1012 (service restart), stops listening and closes the broker. */
  stop(): Promise<void>
  /** A new broker on the same port. */
  start(): Promise<void>
  close(): Promise<void>
}

export async function startMqttBroker(): Promise<MqttBroker> {
  let open = 0
  let peak = 0
  let accepted = 0
  let connects = 0
  let subscriptions: string[] = []
  const published = new Map<string, Buffer[]>()
  let wss: WebSocketServer | null = null
  let broker: Aedes | null = null
  let port = 0

  const listen = async () => {
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
    const server = new WebSocketServer({ host: '127.0.0.1', port })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    port = (server.address() as AddressInfo).port
    server.on('connection', (socket) => {
      accepted++
      peak = Math.max(peak, ++open)
      socket.on('close', () => open--)
      const stream = createWebSocketStream(socket)
      // A client that goes away mid-write is the test's business, not an unhandled error.
      stream.on('error', () => undefined)
      aedes.handle(stream)
    })
    broker = aedes
    wss = server
  }

  const shutdown = async (code: number | null) => {
    const server = wss
    const aedes = broker
    if (!server || !aedes) return
    wss = null
    broker = null
    for (const client of server.clients) {
      if (code === null) client.terminate()
      else client.close(code, 'restart')
    }
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    const deadline = Date.now() + 2000
    while (open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    for (const client of server.clients) client.terminate()
  }

  await listen()
  return {
    url: `ws://127.0.0.1:${port}/mqtt`,
    get openCount() {
      return open
    },
    get peakOpen() {
      return peak
    },
    get accepted() {
      return accepted
    },
    get connects() {
      return connects
    },
    get subscriptions() {
      return subscriptions
    },
    received: (topic) => published.get(topic) ?? [],
    publish: (topic, payload, qos = 1) =>
      new Promise<void>((resolve, reject) => {
        if (!broker) return reject(new Error('the broker is stopped'))
        broker.publish({ cmd: 'publish', topic, payload, qos, retain: false, dup: false }, (error) => (error ? reject(error) : resolve()))
      }),
    stop: () => shutdown(1012),
    start: listen,
    close: () => shutdown(null),
  }
}
