/**
 * The compiled WeChat and Alipay bundles (dist/weapp, dist/alipay), run on an emulated
 * mini-program logic layer (test/support/mini-program-host.ts) against the example server:
 * the closest this project gets to a device. Alipay runs twice: with its one global socket,
 * and in the multiple-task mode newer Alipay versions offer, which the app opts into with
 * alipayMultipleTasks().
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../server/example-server.mjs'
import { ALIPAY_MULTIPLE_LIMIT, MiniProgramHost, WEAPP_SOCKET_LIMIT, type PageInstance, type Platform } from 'example-test-support'

interface ExampleServer {
  port: number
  counts: { open: number; peak: number; byPath: Record<string, number>; peakByPath: Record<string, number> }
  drop(path: string): void
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const { serverUrl: builtUrl } = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }
const CHAT = 'pages/chat/index'
const FEED = 'pages/feed/index'
const CONNECTIONS = 'pages/connections/index'
const LIVE = 'pages/live/index'
const TOPICS = ['topic-chat', 'topic-ticker', 'topic-presence']
/** The feed page's budget: setData calls per second of the page's own time while it is on screen. */
const SET_DATA_BUDGET = 10
/** How long any one wait may take before it counts as a failure; waits end as soon as their state is reached. */
const PATIENCE = 30_000
// A test is a handful of such waits.
jest.setTimeout(180_000)

/** setData figures counted, printed at the end (the figures README quotes). */
const rates: Record<string, number> = {}
const liveRates: Record<string, number> = {}
afterAll(() =>
  console.log(
    `setData calls per second of page time on the Live feed page: ${JSON.stringify(rates)}; setData calls per ticker event on the Live page: ${JSON.stringify(liveRates)}`,
  ),
)

describe.each<[string, Platform, boolean, number]>([
  ['weapp', 'weapp', false, WEAPP_SOCKET_LIMIT],
  ['alipay (one global socket)', 'alipay', false, 1],
  ['alipay (multiple-task mode)', 'alipay', true, ALIPAY_MULTIPLE_LIMIT],
])('the %s bundle', (name, platform, alipayMultiple, cap) => {
  let server: ExampleServer
  let host: MiniProgramHost

  beforeAll(async () => {
    server = (await startExampleServer({ port: 0 })) as ExampleServer
    host = new MiniProgramHost({
      dist: join(dist, platform),
      platform,
      alipayMultiple,
      builtUrl,
      serverUrl: `ws://127.0.0.1:${server.port}`,
    })
  })

  afterAll(async () => {
    host?.dispose()
    await server?.close()
  })

  /** Someone else on /live: a plain WebSocket speaking the topic protocol, closed after `act`. */
  let visited = false
  async function visit(act: (visitor: WebSocket) => unknown) {
    visited = true
    const visitor = new WebSocket(`ws://127.0.0.1:${server.port}/live`)
    await new Promise((resolve) => visitor.once('open', resolve))
    // The visitor joins the room first: the server takes publishes only from members.
    visitor.send(JSON.stringify({ type: 'subscribe', topic: 'chat:lounge' }))
    try {
      await act(visitor)
    } finally {
      visitor.close()
    }
  }

  /**
   * The sockets open at the server (the app's, and a visitor's once one came), never above the
   * platform's cap, nothing refused; on the multiple-task host, tasks of their own (the app opts in).
   */
  function expectWithinCap() {
    expect(server.counts.peak).toBeLessThanOrEqual(cap + (visited ? 1 : 0))
    expect(host.peakLive).toBeLessThanOrEqual(cap)
    expect(host.refused).toBe(0)
    expect(host.displaced).toBe(0)
    expect(host.ownTasks > 0).toBe(alipayMultiple)
  }

  it('loads the app and every page in app.json without throwing', async () => {
    host.boot()
    const chat = host.switchTab(CHAT)
    await until(() => host.text(chat, 'chat-status') !== '', 'the chat page renders')
    expect(host.appJson.pages).toEqual([CHAT, FEED, CONNECTIONS, LIVE])
    // WeChat's pages use Taro's recursive `comp` component; Alipay's templates need none.
    expect([...host.componentConfigs.keys()]).toEqual(platform === 'weapp' ? ['comp'] : [])
    expect(host.errors).toEqual([])
  })

  it('chat: the socket opens and a message round-trips', async () => {
    const chat = host.switchTab(CHAT)
    await until(() => host.text(chat, 'chat-status') === 'Connected', 'chat connected', chat, 'chat-status')
    host.input(chat, 'chat-input', `hello from ${name}`)
    host.tap(chat, 'chat-send')
    await until(() => host.text(chat, 'chat-log').includes(`hello from ${name}`), 'the message comes back', chat, 'chat-log')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('chat: a room change clears the old room and joins the new one', async () => {
    const chat = host.switchTab(CHAT)
    host.tap(chat, 'room-design')
    await until(
      () => host.text(chat, 'chat-status') === 'Connected' && host.text(chat, 'chat-log').includes('No messages in #design yet'),
      'a fresh, empty log in #design',
      chat,
      'chat-log',
    )
    expect(host.text(chat, 'chat-log')).not.toContain('hello from')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('feed: every tick reaches the store, and the page renders once per 250 ms of its clock however many ticks arrive', async () => {
    const feed = host.switchTab(FEED)
    await until(() => host.text(feed, 'feed-status') === 'Connected', 'feed connected', feed, 'feed-status')
    await until(() => Number(host.text(feed, 'feed-received')) > 0, 'first ticks')
    // Hidden, the chat gives its socket back (after the library's release delay of 1 s).
    await until(() => (server.counts.byPath['/chat'] ?? 0) === 0, 'the hidden chat page releases its socket')

    // The page's clock is held: ticks keep arriving on real time, the page's timers (the store's
    // flush, React's scheduler) run only when the test moves its time on. So the count below is
    // setData calls per second of the page's time, the same on a fast or a busy machine.
    const WINDOWS = 8
    const TICKS_PER_WINDOW = 10
    const calls = host.setDataCalls.length
    const deliveredBefore = host.delivered.get('/feed') ?? 0
    host.clock.hold()
    try {
      for (let i = 0; i < WINDOWS; i++) {
        const mark = host.delivered.get('/feed') ?? 0
        await until(() => (host.delivered.get('/feed') ?? 0) >= mark + TICKS_PER_WINDOW, `${TICKS_PER_WINDOW} more ticks`)
        await host.clock.advance(250)
      }
    } finally {
      host.clock.release()
    }
    const ticks = (host.delivered.get('/feed') ?? 0) - deliveredBefore
    const feedCalls = host.setDataCalls.slice(calls).filter((c) => c.route === FEED).length
    const otherCalls = host.setDataCalls.slice(calls).length - feedCalls
    const pageSeconds = (WINDOWS * 250) / 1000
    rates[name] = Number((feedCalls / pageSeconds).toFixed(1))

    expect(ticks).toBeGreaterThanOrEqual(WINDOWS * TICKS_PER_WINDOW)
    expect(feedCalls).toBeGreaterThan(0)
    // A quarter second's ticks make one render, not one each.
    expect(feedCalls).toBeLessThanOrEqual(WINDOWS + 1)
    expect(feedCalls / pageSeconds).toBeLessThanOrEqual(SET_DATA_BUDGET)
    expect(otherCalls).toBe(0) // the hidden chat page does not render
    // Every tick that arrived is counted on screen, none missed.
    const shown = Number(host.text(feed, 'feed-received'))
    await until(() => Number(host.text(feed, 'feed-received')) > shown, 'the next refresh')
    expect(host.text(feed, 'feed-missed')).toBe('0')
    expect(host.findAll(feed, (n) => typeof n.uid === 'string' && n.uid.startsWith('row-'))).toHaveLength(5)
    expectWithinCap()
  })

  it('connections: never more sockets open than the platform allows; closing an open one lets a queued one in', async () => {
    const page = host.switchTab(CONNECTIONS)
    const summary = () => host.text(page, 'registry-summary')
    await until(() => summary() === `${cap} of ${cap} slots in use · 2 waiting`, 'slots full, two waiting', page, 'registry-summary')
    await until(() => (server.counts.byPath['/echo'] ?? 0) === cap, `${cap} echo sockets at the server`)
    expect(server.counts.byPath['/feed'] ?? 0).toBe(0) // the hidden feed page let go
    const open = () => host.findAll(page, (n) => typeof n.cl === 'string' && n.cl.includes('connection-badge--connected')).length
    // The view follows the sockets a render later.
    await until(() => open() === cap, `${cap} channels shown open`)
    expect(host.text(page, 'channel-1')).toContain('Connected')
    expect(host.text(page, `channel-${cap + 1}`)).toContain('Waiting')

    // As a user would: tap once the button is enabled (the page shows an open channel to close).
    await until(() => host.find(page, 'remove-channel')?.disabled !== true, 'close button enabled')
    host.tap(page, 'remove-channel')
    await until(() => !host.find(page, 'channel-1'), 'channel 1 closes')
    await until(() => host.text(page, `channel-${cap + 1}`).includes('Connected'), `channel ${cap + 1} takes the slot`, page, `channel-${cap + 1}`)
    await until(() => summary() === `${cap} of ${cap} slots in use · 1 waiting`, 'one still waiting', page, 'registry-summary')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('connections: after a server restart the channels come back within the cap', async () => {
    const page = host.switchTab(CONNECTIONS)
    const open = () => host.findAll(page, (n) => typeof n.cl === 'string' && n.cl.includes('connection-badge--connected')).length
    await server.stop()
    try {
      await until(() => open() === 0, 'no channel shown open while the server is down')
    } finally {
      // Back up even if the wait failed, so the tests after this one have a server.
      await server.start()
    }
    await until(() => open() === cap && server.counts.open === cap, `${cap} channels open again`)
    await until(() => host.text(page, 'registry-summary') === `${cap} of ${cap} slots in use · 1 waiting`, 'one still waiting', page, 'registry-summary')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('live: chat, prices and who is online run over one socket, with a visitor joining and leaving', async () => {
    const live = host.switchTab(LIVE)
    for (const id of TOPICS) await until(() => host.text(live, id).includes('Live'), `${id} subscribed`, live, id)
    // The hidden Connections page let go of its channels: the Live page's one socket is all there is.
    await until(() => server.counts.open === 1 && server.counts.byPath['/live'] === 1, 'one socket at the server, on /live')
    await until(() => host.text(live, 'live-sockets') === '1 socket', 'the page shows 1 socket', live, 'live-sockets')

    host.input(live, 'live-input', `hi from ${name}`)
    host.tap(live, 'live-send')
    await until(() => host.text(live, 'live-log').includes(`hi from ${name}`), 'the message comes back on the chat topic', live, 'live-log')
    await until(() => host.text(live, 'live-online-count') === '1 online', 'me online', live, 'live-presence')
    await until(() => host.text(live, 'live-clock').includes('ms round trip'), 'the server clock by request', live, 'live-clock')

    // Someone else (a plain WebSocket speaking the same protocol) comes online and says hello.
    await visit(async (visitor) => {
      visitor.send(JSON.stringify({ type: 'subscribe', topic: 'presence', params: { name: 'visitor' } }))
      visitor.send(JSON.stringify({ type: 'publish', topic: 'chat:lounge', data: { name: 'visitor', text: 'hello from a visitor' } }))
      await until(() => host.text(live, 'live-online-count') === '2 online' && host.text(live, 'live-presence').includes('visitor'), 'the visitor online')
      await until(() => host.text(live, 'live-log').includes('hello from a visitor'), 'the visitor’s message', live, 'live-log')
    })
    await until(() => host.text(live, 'live-online-count') === '1 online', 'the visitor gone', live, 'live-presence')

    // The ticker (5 events a second): every event counted, and at most a render, one setData, for each.
    const calls = host.setDataCalls.length
    const deliveredBefore = host.delivered.get('/live') ?? 0
    const receivedBefore = Number(host.text(live, 'live-received'))
    await until(() => Number(host.text(live, 'live-received')) >= receivedBefore + 10, '10 more ticker events', live, 'live-received')
    const events = Number(host.text(live, 'live-received')) - receivedBefore
    const messages = (host.delivered.get('/live') ?? 0) - deliveredBefore
    const liveCalls = host.setDataCalls.slice(calls).filter((c) => c.route === LIVE).length
    liveRates[name] = Number((liveCalls / events).toFixed(2))
    expect(host.text(live, 'live-missed')).toBe('0')
    expect(liveCalls).toBeGreaterThan(0)
    // The first render in the window may be for a message that arrived just before it (on a busy
    // machine React commits a beat later): one setData per message, give or take that one.
    expect(liveCalls).toBeLessThanOrEqual(messages + 1)
    expect(host.setDataCalls.slice(calls).length).toBe(liveCalls) // hidden pages do not render
    for (const symbol of ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']) expect(host.text(live, `tick-${symbol}`)).toMatch(/\d+\.\d\d/)
    expect(server.counts.byPath['/live']).toBe(1)
    expect(host.text(live, 'live-sockets')).toBe('1 socket')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('live: after the connection drops, every topic resumes from its cursor and no tick is missed', async () => {
    const live = host.switchTab(LIVE)
    server.drop('/live')
    await until(() => host.text(live, 'live-resume').includes('nothing missed'), 'the page reports a clean resume', live, 'live-resume')
    for (const id of TOPICS) expect(host.text(live, id)).toContain('Resumed')
    const received = Number(host.text(live, 'live-received'))
    await until(() => Number(host.text(live, 'live-received')) > received + 3, 'ticks keep coming')
    expect(host.text(live, 'live-missed')).toBe('0')
    expect(server.counts.byPath['/live']).toBe(1)
    expect(host.text(live, 'live-sockets')).toBe('1 socket')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('live: leaving the tab hands the socket to the next page, and coming back takes it again', async () => {
    const chat = host.switchTab(CHAT)
    await until(() => host.text(chat, 'chat-status') === 'Connected', 'chat connected', chat, 'chat-status')
    await until(() => (server.counts.byPath['/live'] ?? 0) === 0, 'the hidden Live page released its socket')
    // Said while the Live page was hidden (and unsubscribed): it can come back only by the history request.
    await visit((visitor) =>
      visitor.send(JSON.stringify({ type: 'publish', topic: 'chat:lounge', data: { name: 'visitor', text: 'said while you were away' } })),
    )
    const live = host.switchTab(LIVE)
    for (const id of TOPICS) await until(() => host.text(live, id).includes('Live'), `${id} subscribed again`, live, id)
    await until(() => (server.counts.byPath['/chat'] ?? 0) === 0 && server.counts.byPath['/live'] === 1, 'the Live socket back, the chat one gone')
    await until(() => host.text(live, 'live-sockets') === '1 socket', 'the page shows 1 socket', live, 'live-sockets')
    await until(() => host.text(live, 'live-log').includes('said while you were away'), 'the history request brings what was missed', live, 'live-log')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('after every page unloads, no socket is left open', async () => {
    host.unloadAll()
    await until(() => server.counts.open === 0 && host.live.size === 0, 'every socket closed')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })
})

// The rules the checks above rely on: the emulated platforms do refuse and displace sockets.
describe('the emulated platform', () => {
  let server: ExampleServer
  beforeAll(async () => {
    server = (await startExampleServer({ port: 0 })) as ExampleServer
  })
  afterAll(() => server.close())
  const hostFor = (platform: Platform) => new MiniProgramHost({ dist: join(dist, platform), platform, builtUrl, serverUrl: `ws://127.0.0.1:${server.port}` })

  it('WeChat opens 5 sockets and fails the 6th', async () => {
    const host = hostFor('weapp')
    const results: string[] = []
    for (let i = 0; i < 6; i++) {
      host.api.connectSocket({
        url: `${builtUrl}/echo?n=${i}`,
        success: () => results.push('ok'),
        fail: (res) => results.push((res as { errMsg: string }).errMsg),
      })
    }
    await until(() => results.length === 6 && server.counts.open === 5, '5 sockets and one refusal')
    expect(results.filter((r) => r === 'ok')).toHaveLength(5)
    expect(host.refused).toBe(1)
    host.dispose()
    await until(() => server.counts.open === 0, 'sockets closed')
  })

  it('Alipay without multiple mode has one socket: a new connect closes the old', async () => {
    const host = hostFor('alipay')
    const opened: string[] = []
    host.api.onSocketOpen(() => opened.push('open'))
    host.api.connectSocket({ url: `${builtUrl}/echo?n=1` })
    await until(() => opened.length === 1, 'first open')
    host.api.connectSocket({ url: `${builtUrl}/echo?n=2` })
    await until(() => opened.length === 2 && server.counts.open === 1, 'second open, first gone')
    expect(host.displaced).toBe(1)
    host.dispose()
    await until(() => server.counts.open === 0, 'sockets closed')
  })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `check` holds; fails after PATIENCE naming what it waited for and what the element showed. */
async function until(check: () => boolean, what: string, page?: PageInstance, id?: string, timeout = PATIENCE) {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) {
      const shown = page && id ? ` (#${id} shows "${textIn(page, id)}")` : ''
      throw new Error(`timed out waiting for ${what}${shown}`)
    }
    await sleep(25)
  }
}

function textIn(page: PageInstance, id: string) {
  const stack = [page.data.root]
  while (stack.length) {
    const n = stack.pop()!
    if (n.uid === id) return JSON.stringify(n).slice(0, 300)
    stack.push(...(n.cn ?? []).filter(Boolean))
  }
  return '(missing)'
}
