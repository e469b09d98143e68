/**
 * Topic routing: what one incoming message costs with 1, 100 and 1,000 topics subscribed over one
 * socket, end to end (a real server pushing JSON topic events over a real socket), through
 * taro-socket-hooks/topics (topicClient listeners, useTopic components) and through what an app
 * writes without it: one listener per topic on the socket (connection listeners, useSocket
 * components), each parsing every message and keeping those for its topic.
 */
import { createElement as h } from 'react'
import WebSocket from 'ws'
import { SocketProvider, createSocketRegistry, useSocket, type SocketLease, type SocketRegistry } from '../src'
import { topicClient, useTopic, type TopicClient } from '../src/topics'
import { startTopicBenchServer } from './topic-server'
import { median, mount, until } from './util'
import { countingLifecycle, wsTransport } from './ws-transport'

export const TOPIC_COUNTS = [1, 100, 1000]
/** Events per round through the library. */
export const TOPIC_MESSAGES = Number(process.env.BENCH_TOPIC_N ?? 3_000)
/** Short rounds, more of them: a median that one busy moment does not move. */
export const TOPIC_ROUNDS = Number(process.env.BENCH_TOPIC_ROUNDS ?? 9)
// The alternative parses every message once per topic: it gets fewer messages at high counts
// (at most this many parses a round), which keeps the run short; its cost per message is what counts.
const PARSES = 30_000

type Hit = () => void
interface Started {
  /** Sends a control message ("go:N:T") to the server. */
  send(data: string): Promise<void> | void
  stop(): void
}
interface Case {
  /** Whether this contender parses every message once per topic. */
  filters: boolean
  /**
   * Subscribes one listener per topic on the socket for url, each calling hit for its topic's
   * events; resolves once they are ready.
   */
  start(registry: SocketRegistry, url: string, topics: string[], hit: Hit): Promise<Started>
}

interface Event {
  type?: string
  topic?: string
}

function TopicReader({ url, topic, hit }: { url: string; topic: string; hit: Hit }) {
  useTopic(url, topic, { onMessage: hit })
  return null
}

function SocketFilter({ url, topic, hit }: { url: string; topic: string; hit: Hit }) {
  useSocket<Event>(url, {
    json: true,
    onMessage: (message) => {
      if (message.type === 'event' && message.topic === topic) hit()
    },
  })
  return null
}

// The client every subscriber of the URL shares, made first so that it forgets a topic as soon as
// its last subscriber leaves (no grace delay between cases).
const sharedClient = (registry: SocketRegistry, url: string): TopicClient => topicClient(registry, { url }, undefined, { releaseDelay: 0 })
const allSubscribed = (client: TopicClient, topics: string[]) => until(() => topics.every((t) => client.topic(t).status === 'subscribed'), 'subscribed')

// The socket for url, open, through the registry: what the library's users share; it sends "go".
async function openLease(registry: SocketRegistry, url: string): Promise<SocketLease> {
  const lease = registry.acquire({ url })
  await until(() => lease.connection.status === 'open', 'open')
  return lease
}
const started = (lease: SocketLease, stop: () => void): Started => ({
  send: (data) => lease.connection.send(data),
  stop() {
    stop()
    lease.release()
  },
})

const FLOOR = 'raw ws, one JSON.parse per message (floor)'
const CONTENDERS: Record<string, Case> = {
  [FLOOR]: {
    filters: false,
    async start(_registry, url, _topics, hit) {
      const ws = new WebSocket(url)
      ws.onmessage = (e) => {
        JSON.parse(e.data as string)
        hit()
      }
      await new Promise((r) => (ws.onopen = r))
      return { send: (data) => ws.send(data), stop: () => ws.close() }
    },
  },
  'topicClient listeners': {
    filters: false,
    async start(registry, url, topics, hit) {
      const lease = await openLease(registry, url)
      const client = sharedClient(registry, url)
      const leaves = topics.map((t) => client.subscribe(t, { onEvent: hit }))
      await allSubscribed(client, topics)
      return started(lease, () => leaves.forEach((leave) => leave()))
    },
  },
  'connection listeners, each parsing and filtering': {
    filters: true,
    async start(registry, url, topics, hit) {
      const lease = await openLease(registry, url)
      const unlisten = topics.map((t) =>
        lease.connection.subscribe({
          onMessage(raw) {
            const message = JSON.parse(raw as string) as Event
            if (message.type === 'event' && message.topic === t) hit()
          },
        }),
      )
      return started(lease, () => unlisten.forEach((u) => u()))
    },
  },
  'useTopic components': {
    filters: false,
    async start(registry, url, topics, hit) {
      const lease = await openLease(registry, url)
      const client = sharedClient(registry, url)
      const release = client.retain()
      const unmount = await mount(h(SocketProvider, { registry }, ...topics.map((topic) => h(TopicReader, { key: topic, url, topic, hit }))))
      await allSubscribed(client, topics)
      return started(lease, () => {
        unmount()
        release()
      })
    },
  },
  'useSocket components, each parsing and filtering': {
    filters: true,
    async start(registry, url, topics, hit) {
      const lease = await openLease(registry, url)
      const unmount = await mount(h(SocketProvider, { registry }, ...topics.map((topic) => h(SocketFilter, { key: topic, url, topic, hit }))))
      return started(lease, unmount)
    },
  },
}
// Each alternative is compared with the library's routing at the same layer.
const LIBRARY: Record<string, string> = {
  [FLOOR]: 'topicClient listeners',
  'topicClient listeners': 'topicClient listeners',
  'connection listeners, each parsing and filtering': 'topicClient listeners',
  'useTopic components': 'useTopic components',
  'useSocket components, each parsing and filtering': 'useTopic components',
}

type Server = Awaited<ReturnType<typeof startTopicBenchServer>>

/** One contender with `count` topics on a socket of its own, ready to run rounds. */
async function prepare(server: Server, name: string, count: number, path: string) {
  const c = CONTENDERS[name]!
  const registry = createSocketRegistry({ platform: 'h5', connect: wsTransport, lifecycle: countingLifecycle().lifecycle, releaseDelay: 20 })
  const url = `${server.url}/${path}`
  const topics = Array.from({ length: count }, (_, i) => `t${i}`)
  const n = c.filters ? Math.min(TOPIC_MESSAGES, PARSES / count) : TOPIC_MESSAGES
  let delivered = 0
  let target = 0
  let done: () => void = () => undefined
  const hit = () => {
    if (++delivered === target) done()
  }
  const contender = await c.start(registry, url, topics, hit)
  const times: number[] = []
  return {
    name,
    count,
    n,
    times,
    sockets: server.socketsOn(`/${path}`),
    /** Streams m events (n by default); records the ms from "go" to the last one reaching its topic's listener. */
    async run(m = n) {
      delivered = 0
      target = m
      const all = new Promise<void>((r) => (done = r))
      const began = performance.now()
      await contender.send(`go:${m}:${count}`)
      let timer: ReturnType<typeof setTimeout> | undefined
      const lost = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`bench: ${delivered} of ${m} events arrived`)), 30_000)))
      await Promise.race([all, lost])
      clearTimeout(timer)
      if (m === n) times.push(performance.now() - began)
    },
    async stop() {
      if (delivered !== target) throw new Error(`bench: ${delivered} events delivered for ${target} sent`)
      contender.stop()
      await until(() => server.socketsOn(`/${path}`) === 0 && registry.stats().connections === 0, 'sockets closed', 10_000)
    },
  }
}

/**
 * Every contender at every topic count is set up at once, on a socket each, and the rounds take
 * turns, so a busy moment on the machine falls on all of them alike.
 */
export async function topicRouting(rounds = TOPIC_ROUNDS): Promise<Array<Record<string, unknown>>> {
  const server = await startTopicBenchServer()
  const cases: Array<Awaited<ReturnType<typeof prepare>>> = []
  try {
    for (const name of Object.keys(CONTENDERS)) for (const count of TOPIC_COUNTS) cases.push(await prepare(server, name, count, `topics${cases.length}`))
    for (const c of cases) await c.run(Math.ceil(c.n / 2)) // warm up
    // Each round starts with a different case, so no case always runs right after the same one.
    for (let round = 0; round < rounds; round++) for (let i = 0; i < cases.length; i++) await cases[(i + round * 7) % cases.length]!.run()
    await new Promise((r) => setTimeout(r, 10)) // anything delivered twice would arrive now
    for (const c of cases) await c.stop()
  } finally {
    await server.close()
  }
  const ns = (name: string, count: number) => {
    const c = cases.find((c) => c.name === name && c.count === count)!
    return (median(c.times) * 1e6) / c.n
  }
  return cases.map(({ name, count, n, sockets }) => ({
    contender: name,
    topics: count,
    'events per round': n,
    'server sockets': sockets,
    'ns per message': Math.round(ns(name, count)),
    'vs 1 topic': +(ns(name, count) / ns(name, 1)).toFixed(2),
    'vs taro-socket-hooks/topics': +(ns(name, count) / ns(LIBRARY[name]!, count)).toFixed(2),
  }))
}
