/**
 * Benchmarks: taro-socket-hooks side by side with a raw `ws` client, react-use-websocket and
 * ahooks' useWebSocket, in one process, against one server on 127.0.0.1. Prints tables with
 * ratios; with --write, also records them in bench/results.json and BENCHMARKS.md.
 * Run with `pnpm bench` (or `pnpm bench --write`).
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { useWebSocket as useAhooksWebSocket } from 'ahooks'
import { createElement as h, type ReactElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import reactUseWebSocketModule from 'react-use-websocket'
import WebSocket from 'ws'
import { SocketProvider, createSocketRegistry, useSocket, type SocketRegistry } from '../src'
// @ts-expect-error: plain JavaScript shared with the size check
import { DEFAULT_BAR_BYTES, DEFAULT_ENTRY, FEATURES, PLATFORMS, featureBytes, measureBundles, minGzipBytes } from './bundle-size.mjs'
import { MAX_NS_AT_10, perMessage } from './core'
import { installDom } from './dom'
import { startBenchServer } from './server'
import { TOPIC_COUNTS, TOPIC_MESSAGES, TOPIC_ROUNDS, topicRouting } from './topics'
import { median, mount, sleep, until } from './util'
import { countingLifecycle, wsTransport } from './ws-transport'

installDom()

// react-use-websocket is CommonJS with exports.default; Node's ESM import hands over module.exports.
const useReactUseWebSocket = (reactUseWebSocketModule as unknown as { default?: typeof reactUseWebSocketModule }).default ?? reactUseWebSocketModule

const OUT = process.env.BENCH_OUT ?? join(process.cwd(), 'bench')
// Tracked files change only when asked, so a run to compare numbers leaves the tree clean.
const WRITE = process.argv.includes('--write')
const THROUGHPUT_N = Number(process.env.BENCH_N ?? 200_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const RENDER_N = 10_000
const FANOUT_N = 10_000
const CHURN = 10_000

type Server = Awaited<ReturnType<typeof startBenchServer>>
let server: Server
let path = 0
const nextUrl = () => `${server.url}/c${path++}`

function newRegistry(extra: Parameters<typeof createSocketRegistry>[0] = {}) {
  const counter = countingLifecycle()
  const registry = createSocketRegistry({
    platform: 'h5',
    connect: wsTransport,
    lifecycle: counter.lifecycle,
    releaseDelay: 20,
    ...extra,
  })
  return { registry, counter }
}

// A component-side handle: each contender's send and readiness, and what it counted.
interface Probe {
  received: number
  renders: number
  ready: boolean
  send: (data: string) => void
}
const probe = (): Probe => ({ received: 0, renders: 0, ready: false, send: () => undefined })

// Contenders ----------------------------------------------------------------

type Reads = 'nothing' | 'lastMessage' | 'status'

function Ours({ url, p, reads, throttle }: { url: string; p: Probe; reads: Reads; throttle?: number }) {
  const socket = useSocket<string>(url, { onMessage: () => void p.received++, ...(throttle ? { throttle } : {}) })
  p.renders++
  if (reads === 'lastMessage') void socket.lastMessage
  const status = reads === 'nothing' ? null : socket.status
  p.ready = (status ?? socket.status) === 'open'
  p.send = (d) => void socket.send(d)
  return null
}

function ReactUseWebSocket({ url, p, reads }: { url: string; p: Probe; reads: Reads }) {
  const { sendMessage, lastMessage, readyState } = useReactUseWebSocket(url, { onMessage: () => void p.received++ })
  p.renders++
  if (reads === 'lastMessage') void lastMessage
  p.ready = readyState === 1
  p.send = sendMessage
  return null
}

function Ahooks({ url, p, reads }: { url: string; p: Probe; reads: Reads }) {
  const { sendMessage, latestMessage, readyState } = useAhooksWebSocket(url, { onMessage: () => void p.received++, reconnectLimit: 0 })
  p.renders++
  if (reads === 'lastMessage') void latestMessage
  p.ready = readyState === 1
  p.send = (d) => sendMessage?.(d)
  return null
}

/** Streams n messages to a mounted contender; resolves with ms from "go" to the last onMessage. */
async function stream(p: Probe, n: number): Promise<number> {
  await until(() => p.ready, 'open')
  const before = p.received
  const started = performance.now()
  p.send(`go:${n}`)
  await until(() => p.received - before >= n, `${n} messages`)
  return performance.now() - started
}

// 1. Throughput ---------------------------------------------------------------

async function rawCeiling(n: number): Promise<number> {
  const ws = new WebSocket(nextUrl())
  let received = 0
  ws.onmessage = () => void received++
  await new Promise((r) => (ws.onopen = r))
  const started = performance.now()
  ws.send(`go:${n}`)
  await until(() => received >= n, 'raw messages')
  const ms = performance.now() - started
  ws.close()
  return ms
}

async function reactContender(name: string, n: number): Promise<number> {
  const p = probe()
  const url = nextUrl()
  let registry: SocketRegistry | undefined
  let element: ReactElement
  if (name === 'taro-socket-hooks') {
    registry = newRegistry().registry
    element = h(SocketProvider, { registry }, h(Ours, { url, p, reads: 'nothing' }))
  } else if (name === 'react-use-websocket') element = h(ReactUseWebSocket, { url, p, reads: 'nothing' })
  else element = h(Ahooks, { url, p, reads: 'nothing' })
  const unmount = await mount(element)
  const ms = await stream(p, n)
  unmount()
  await until(() => server.open === 0, 'sockets closed')
  return ms
}

async function throughput() {
  const names = ['raw ws (ceiling)', 'taro-socket-hooks', 'react-use-websocket', 'ahooks useWebSocket']
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  // Warm up the JIT for every path, then interleave rounds so no contender gets a quieter machine.
  await rawCeiling(5_000)
  for (const name of names.slice(1)) await reactContender(name, 5_000)
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      times[name]!.push(name === names[0] ? await rawCeiling(THROUGHPUT_N) : await reactContender(name, THROUGHPUT_N))
    }
  }
  const ceiling = THROUGHPUT_N / (median(times[names[0]!]!) / 1000)
  return names.map((name) => {
    const rate = THROUGHPUT_N / (median(times[name]!) / 1000)
    return { contender: name, 'messages/s': Math.round(rate), 'vs raw': +(rate / ceiling).toFixed(2) }
  })
}

// 2. Renders ------------------------------------------------------------------

async function renders() {
  const cases: Array<{ contender: string; reads: Reads; throttle?: number; make: (url: string, p: Probe) => ReactElement }> = []
  const ours = (reads: Reads, throttle?: number) => (url: string, p: Probe) =>
    h(SocketProvider, { registry: newRegistry().registry }, h(Ours, { url, p, reads, ...(throttle ? { throttle } : {}) }))
  cases.push({ contender: 'taro-socket-hooks', reads: 'status', make: ours('status') })
  cases.push({ contender: 'taro-socket-hooks', reads: 'lastMessage', make: ours('lastMessage') })
  cases.push({ contender: 'taro-socket-hooks', reads: 'lastMessage', throttle: 50, make: ours('lastMessage', 50) })
  cases.push({ contender: 'react-use-websocket', reads: 'status', make: (url, p) => h(ReactUseWebSocket, { url, p, reads: 'status' }) })
  cases.push({ contender: 'react-use-websocket', reads: 'lastMessage', make: (url, p) => h(ReactUseWebSocket, { url, p, reads: 'lastMessage' }) })
  cases.push({ contender: 'ahooks useWebSocket', reads: 'status', make: (url, p) => h(Ahooks, { url, p, reads: 'status' }) })
  cases.push({ contender: 'ahooks useWebSocket', reads: 'lastMessage', make: (url, p) => h(Ahooks, { url, p, reads: 'lastMessage' }) })

  const rows = []
  for (const c of cases) {
    const p = probe()
    const unmount = await mount(c.make(nextUrl(), p))
    await until(() => p.ready, 'open')
    await sleep(20)
    const before = p.renders
    await stream(p, RENDER_N)
    await sleep(c.throttle ? c.throttle * 2 : 20) // let a trailing render land
    rows.push({
      contender: c.contender,
      reads: c.reads + (c.throttle ? ` (throttle ${c.throttle} ms)` : ''),
      [`renders per ${RENDER_N}`]: p.renders - before,
      'onMessage calls': p.received,
      lost: RENDER_N - p.received,
    })
    unmount()
    await until(() => server.open === 0, 'sockets closed')
  }
  return rows
}

// 3. Fan-out ------------------------------------------------------------------

async function fanout() {
  const rows = []
  let base = 0
  for (const k of [1, 10, 100, 1000]) {
    const { registry } = newRegistry()
    const url = nextUrl()
    const probes = Array.from({ length: k }, probe)
    const unmount = await mount(h(SocketProvider, { registry }, ...probes.map((p, i) => h(Ours, { key: i, url, p, reads: 'nothing' }))))
    await until(() => probes[0]!.ready, 'open')
    const sockets = server.open
    const started = performance.now()
    probes[0]!.send(`go:${FANOUT_N}`)
    await until(() => probes.every((p) => p.received >= FANOUT_N), 'fan-out')
    const ms = performance.now() - started
    const perDelivery = (ms * 1e6) / (FANOUT_N * k)
    if (k === 1) base = perDelivery
    rows.push({
      components: k,
      'server sockets': sockets,
      'ms per 10,000 messages': Math.round(ms),
      'ns per message per component': Math.round(perDelivery),
      'vs 1 component': +(perDelivery / base).toFixed(2),
    })
    unmount()
    await until(() => server.open === 0, 'sockets closed')
  }
  return rows
}

// 4. Churn and memory ---------------------------------------------------------

async function churn() {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc')
  const { registry, counter } = newRegistry({ releaseDelay: 50 })
  const urls = [nextUrl(), nextUrl(), nextUrl(), nextUrl()]
  const container = document.createElement('div')
  const root = createRoot(container)
  const cycle = (i: number) => {
    const p = probe()
    flushSync(() => root.render(h(SocketProvider, { registry }, h(Ours, { url: urls[i % urls.length]!, p, reads: 'status' }))))
    flushSync(() => root.render(null))
  }
  const settleAll = async () => {
    await until(() => server.open === 0 && registry.stats().connections === 0, 'all released', 10_000)
    await sleep(50)
    for (let i = 0; i < 3; i++) gc()
  }
  for (let i = 0; i < 500; i++) cycle(i) // warm up
  await settleAll()
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  for (let i = 0; i < CHURN; i++) {
    cycle(i)
    if (i % 500 === 499) await sleep(0) // let sockets open and close as they would in an app
  }
  const ms = performance.now() - started
  await settleAll()
  const after = process.memoryUsage().heapUsed
  root.unmount()
  return [
    {
      cycles: CHURN,
      'ms total': Math.round(ms),
      'heap before (MB)': +(before / 2 ** 20).toFixed(2),
      'heap after (MB)': +(after / 2 ** 20).toFixed(2),
      'heap growth (KB)': Math.round((after - before) / 1024),
      'sockets left': server.open,
      'registry connections left': registry.stats().connections,
      'lifecycle listeners left': counter.listeners,
    },
  ]
}

// Report ----------------------------------------------------------------------

function table(rows: Array<Record<string, unknown>>): string {
  const cols = Object.keys(rows[0] ?? {})
  const cell = (v: unknown) => String(v)
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)))
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`
  return [line(cols), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n')
}

async function main() {
  const started = Date.now()
  server = await startBenchServer()
  const results: Record<string, Array<Record<string, unknown>>> = {}
  const sections: Array<[string, string, () => Promise<Array<Record<string, unknown>>>]> = [
    [
      'core',
      `0. Core, per message: an in-memory task (no network, no React) hands messages to one shared connection with 1, 10 and 100 onMessage subscribers (median of 5 rounds of 1,000,000); at most ${MAX_NS_AT_10} ns at 10`,
      async () => {
        const rows = await perMessage()
        const at10 = rows.find((r) => r.subscribers === 10)!['ns per message']
        if (at10 > MAX_NS_AT_10) throw new Error(`core: ${at10} ns per message at 10 subscribers, over ${MAX_NS_AT_10} ns`)
        return rows
      },
    ],
    [
      'features',
      `5a. Pay for what you use: the default import (useSocket, SocketProvider) per platform as Taro ships it, and the bytes each optional feature adds when the app imports it (min+gzip). Bar: ${DEFAULT_BAR_BYTES.toLocaleString('en')} B on each platform; before issue 20 (every feature always in): 9,646 B weapp, 10,307 B alipay, 9,901 B h5`,
      async () => {
        const rows: Array<Record<string, unknown>> = []
        for (const platform of PLATFORMS as string[]) {
          const row: Record<string, unknown> = { platform, 'default import (B)': (await minGzipBytes(DEFAULT_ENTRY, process.cwd(), platform)).gzip }
          for (const [name, { code }] of Object.entries(FEATURES as Record<string, { code: string }>))
            row[`+ ${name}`] = await featureBytes(code, process.cwd(), platform)
          rows.push(row)
        }
        return rows
      },
    ],
    ['throughput', `1. Throughput: ${THROUGHPUT_N.toLocaleString('en')} messages to onMessage in a mounted component (median of ${ROUNDS})`, throughput],
    ['renders', `2. Renders while ${RENDER_N.toLocaleString('en')} messages stream in`, renders],
    ['fanout', `3. Fan-out: components sharing one socket, ${FANOUT_N.toLocaleString('en')} messages`, fanout],
    ['churn', `4. Churn: ${CHURN.toLocaleString('en')} mount/unmount cycles`, churn],
    [
      'bundle',
      '5. Bundle size: the published build as Taro ships it for one platform (TARO_ENV and NODE_ENV=production defined), every export imported, minified and gzipped; react, react-dom and @tarojs/taro external',
      () => measureBundles(process.cwd()),
    ],
    [
      'topics',
      `6. Topics: cost per incoming message with ${TOPIC_COUNTS.slice(0, -1).join(', ')} and ${TOPIC_COUNTS.at(-1)!.toLocaleString('en')} topics subscribed over one socket, one listener per topic (onMessage, no renders), events spread evenly over the topics, ${TOPIC_MESSAGES.toLocaleString('en')} per round (median of ${TOPIC_ROUNDS}); beside taro-socket-hooks/topics, one listener per topic on the socket, each parsing every message and keeping its topic's (fewer events per round, same cost measured)`,
      () => topicRouting(),
    ],
  ]
  let report = ''
  for (const [key, title, run] of sections) {
    const rows = await run()
    results[key] = rows
    const block = `### ${title}\n\n${table(rows)}\n`
    console.log(`\n${block}`)
    report += `${block}\n`
  }
  await server.close()
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`
  const seconds = Math.round((Date.now() - started) / 1000)
  if (!WRITE) {
    console.log(`\nbench: done in ${seconds} s; pass --write to record the tables in bench/results.json and BENCHMARKS.md`)
    process.exit(0)
  }
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, seconds, results }, null, 2)}\n`)
  writeFileSync(
    join(OUT, '..', 'BENCHMARKS.md'),
    `# Benchmarks\n\nLatest \`pnpm bench\` (${new Date().toISOString().slice(0, 10)}, ${seconds} s), on ${machine}.\n` +
      `All contenders run in one process against one \`ws\` server on 127.0.0.1 and get the same socket class (\`ws\`); ` +
      `React 18 with react-dom in jsdom. Ratios compare within this run only.\n\n${report}`,
  )
  console.log(`\nbench: done in ${seconds} s; wrote bench/results.json and BENCHMARKS.md`)
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
