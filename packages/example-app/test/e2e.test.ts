/**
 * The H5 build in Debian's Chromium, against the example server on 127.0.0.1: what a person
 * sees when they open the example, at phone and desktop sizes (screenshots in artifacts/).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../server/example-server.mjs'
import { serveStatic } from 'example-test-support'

interface ExampleServer {
  port: number
  url: string
  counts: { open: number; peak: number; byPath: Record<string, number>; peakByPath: Record<string, number> }
  live: { epoch: string; sequence(topic: string): number; online(): string[] }
  drop(path: string): void
  hold(): void
  release(): void
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const artifacts = join(__dirname, '..', 'artifacts')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
/**
 * How long any one wait may take before it counts as a failure. Waits end as soon as the page
 * shows what is expected; this only bounds a failure, so it is generous for a busy machine.
 */
const PATIENCE = 30_000
// A test is a handful of such waits.
jest.setTimeout(180_000)

let browser: Browser
let site: { url: string; close(): Promise<void> }
/** The same app built in development mode, where React reports its warnings (duplicate keys and the like). */
let developmentSite: { url: string; close(): Promise<void> }
/** The build the pages of the running test come from. */
let serving: () => { url: string } = () => site
let server: ExampleServer
/** The server was stopped by a test and not started again yet (afterEach starts it). */
let serverDown = false
/** Pages a test opened; afterEach closes the ones still open, so a failure leaves nothing behind. */
let pages: Page[] = []

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  // Port 0: a free port each run, so two runs on one machine never meet. The page learns it
  // from `?server=` (src/server-url.ts).
  server = await startExampleServer({ port: 0 })
  site = await serveStatic(join(dist, 'h5'))
  developmentSite = await serveStatic(join(dist, 'h5-development'))
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}, 60_000)

afterEach(async () => {
  await Promise.all(pages.filter((page) => !page.isClosed()).map((page) => page.close()))
  pages = []
  server.release()
  // A test that stopped the server and then failed must not take the next ones with it.
  if (serverDown) await startServer()
  // Every socket of this test gone before the next one counts sockets.
  await waitForServerOpen(0)
  // Through every outage and back: not one React warning, console error or uncaught exception.
  const said = complaints
  complaints = []
  expect(said).toEqual([])
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await server?.close()
  await developmentSite?.close()
})

/** The tests of this block run on the development build: a React warning there fails them (afterEach). */
function inDevelopmentBuild() {
  beforeAll(() => {
    serving = () => developmentSite
  })
  afterAll(() => {
    serving = () => site
  })
}

async function stopServer() {
  serverDown = true
  await server.stop()
}

async function startServer() {
  await server.start()
  serverDown = false
}

/** What the pages said on their consoles that a person would call a problem: React warnings, errors, uncaught exceptions. */
let complaints: string[] = []
// The browser's own line for a socket that could not connect is the outage itself, not a fault of the page.
const EXPECTED = /^WebSocket connection to '.*' failed/

async function openPage(path: string, viewport = PHONE, beforeLoad?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage({ viewport })
  pages.push(page)
  page.on('console', (message) => {
    if ((message.type() === 'warning' || message.type() === 'error') && !EXPECTED.test(message.text())) complaints.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => complaints.push(`page error: ${error.message}`))
  page.setDefaultTimeout(PATIENCE)
  await beforeLoad?.(page)
  await page.goto(`${serving().url}/?server=${encodeURIComponent(server.url)}#/${path}`)
  return page
}

const statusOf = (page: Page, id: string) => page.locator(`#${id}`)

async function say(page: Page, text: string) {
  await page.locator('#chat-input input').fill(text)
  await page.locator('#chat-send').click()
}

/** Two people in the lobby, both connected. */
async function openChatPair(viewport = PHONE): Promise<[Page, Page]> {
  const alice = await openPage('pages/chat/index', viewport)
  const bob = await openPage('pages/chat/index', viewport)
  await waitForText(statusOf(alice, 'chat-status'), 'Connected')
  await waitForText(statusOf(bob, 'chat-status'), 'Connected')
  return [alice, bob]
}

/** Taps a tab in the H5 tab bar, by its whole label ("Live" is not "Live feed"). */
const tab = (page: Page, label: string) =>
  page
    .locator('.weui-tabbar__item')
    .filter({ has: page.locator('.weui-tabbar__label', { hasText: new RegExp(`^${label}$`) }) })
    .click()

/** Waits until the server counts `n` sockets on `path`. */
async function waitForServer(path: string, n: number) {
  await waitUntil(
    () => (server.counts.byPath[path] ?? 0) === n,
    () => `expected ${n} sockets on ${path}, server has ${server.counts.byPath[path] ?? 0}`,
  )
}

/** Waits until the server counts `n` sockets on all paths. */
async function waitForServerOpen(n: number) {
  await waitUntil(
    () => server.counts.open === n,
    () => `expected ${n} sockets open, server has ${JSON.stringify(server.counts.byPath)}`,
  )
}

/** The newest message's bottom edge and the composer's top, in the window. */
async function lastMessageAndComposer(page: Page) {
  return page.evaluate(() => {
    const messages = document.querySelectorAll('#chat-log .chat-message')
    const last = messages[messages.length - 1]
    const composer = document.querySelector('#chat-composer')
    return { last: last?.getBoundingClientRect().bottom ?? Infinity, composer: composer?.getBoundingClientRect().top ?? -Infinity }
  })
}

/** Waits until the newest message is fully above the docked composer (the log scrolls to it, maybe with an animation). */
async function newestFullyVisible(page: Page) {
  let seen = { last: 0, composer: 0 }
  await waitUntil(
    async () => {
      seen = await lastMessageAndComposer(page)
      return seen.last <= seen.composer
    },
    () => `the newest message ends at y=${seen.last}, under the composer's top at y=${seen.composer}`,
  )
}

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('chat at %s size (development build)', (_name, viewport) => {
  inDevelopmentBuild()
  it('two people chat; a 300-character message arrives whole, and the newest message is never under the composer', async () => {
    const [alice, bob] = await openChatPair(viewport)
    // Enough messages that the log scrolls.
    for (let i = 1; i <= 8; i++) await say(i % 2 ? alice : bob, `message ${i} of a long conversation`)
    await alice.locator('#chat-log', { hasText: 'message 8 of' }).waitFor()
    await newestFullyVisible(alice)

    // Taro's Input stops at 140 characters unless told otherwise; the server takes 500.
    const ending = ' The end.'
    const long = 'A long message that keeps going.'.repeat(10).slice(0, 300 - ending.length) + ending
    expect(long).toHaveLength(300)
    await say(alice, long)
    await bob.locator('#chat-log .chat-message__text', { hasText: 'The end.' }).waitFor()
    expect(await bob.locator('#chat-log .chat-message__text').last().textContent()).toBe(long)
    // Alice's copy came back from the server: no delivery line left under it.
    await waitForCount(alice.locator('#chat-log .chat-message__delivery'), 0)
    await newestFullyVisible(alice)
    await newestFullyVisible(bob)
    await say(bob, 'got it, all of it')
    await alice.locator('#chat-log', { hasText: 'got it, all of it' }).waitFor()
    await newestFullyVisible(alice)
    // The composer stays docked at the bottom of the window, above the tab bar.
    const composer = await alice.locator('#chat-composer').boundingBox()
    expect((composer?.y ?? 0) + (composer?.height ?? 0)).toBeGreaterThan(viewport.height - 120)
  })
})

it('a room change clears the old room and talks in the new one', async () => {
  const [alice, bob] = await openChatPair()
  await say(alice, 'still in the lobby')
  await alice.locator('#chat-log', { hasText: 'still in the lobby' }).waitFor()

  await alice.locator('#room-design').click()
  await bob.locator('#room-design').click()
  await waitForText(statusOf(alice, 'chat-status'), 'Connected')
  await waitForText(statusOf(bob, 'chat-status'), 'Connected')
  expect(await alice.locator('#chat-log').textContent()).not.toContain('still in the lobby')
  await say(bob, 'welcome to design')
  await alice.locator('#chat-log', { hasText: 'welcome to design' }).waitFor()
  await alice.close()
  await bob.close()
})

it('shows connected → offline → connected when the server restarts, and delivers what was typed meanwhile', async () => {
  const [alice, bob] = await openChatPair()

  await stopServer()
  await waitForText(statusOf(alice, 'chat-status'), /^(Reconnecting…|Offline)$/)
  await say(alice, 'typed while the server was down')
  // The message shows at once, waiting; however many attempts have failed meanwhile, the note
  // says what waits, not the last error.
  await alice.locator('#chat-log .chat-message__delivery', { hasText: 'Waiting for the connection' }).waitFor()
  await waitForText(alice.locator('#chat-note'), /^1 waiting · sends when (connected|the server is back)$/)
  await startServer()
  await waitForText(statusOf(alice, 'chat-status'), 'Connected')
  await waitForText(statusOf(bob, 'chat-status'), 'Connected')
  // The server broadcast it back to the room, so it is Alice's sent message now, not a waiting one
  // (Bob may have rejoined a moment after it went round: this server keeps no history).
  await waitForCount(alice.locator('#chat-log .chat-message__delivery'), 0)
  expect(await alice.locator('#chat-log').textContent()).toContain('typed while the server was down')
  // The log says where the connection dropped: this server keeps no history.
  await alice.locator('#chat-log', { hasText: 'Reconnected · messages sent while you were away are not shown' }).waitFor()
  await say(bob, 'back again')
  await alice.locator('#chat-log', { hasText: 'back again' }).waitFor()
  await alice.close()
  await bob.close()
})

it('the Connections page keeps H5 at 5 sockets, and closing an open channel lets a queued one in', async () => {
  expect(server.counts.peakByPath['/echo'] ?? 0).toBe(0)
  const page = await openPage('pages/connections/index')
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor()
  await waitForCount(page.locator('.channel .connection-badge--connected'), 5)
  await waitForCount(page.locator('.channel .connection-badge--waiting'), 2)
  await waitForServer('/echo', 5)

  // Channel 1 is open; closing it hands its slot to channel 6, the first in the queue.
  await page.locator('#remove-channel').click()
  await page.locator('#channel-1').waitFor({ state: 'detached' })
  await waitForText(page.locator('#channel-6 .connection-badge'), 'Connected')
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 1 waiting' }).waitFor()
  await page.locator('#add-channel').click()
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor()
  // A queued channel closed from its row leaves without taking anything.
  await page.locator('#close-8').click()
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 1 waiting' }).waitFor()
  expect(server.counts.byPath['/echo']).toBe(5)
  expect(server.counts.peakByPath['/echo']).toBe(5)
  await page.close()
  await waitForServer('/echo', 0)
})

/** Stops the page's clock a moment ahead of its own time (pauseAt cannot go back, and the call takes a while to arrive). */
async function pauseClock(page: Page) {
  for (;;) {
    const now = await page.evaluate(() => Date.now())
    try {
      return await page.clock.pauseAt(now + 250)
    } catch (error) {
      if (!String(error).includes('to the past')) throw error
    }
  }
}

it('a browser tab brought back to the front reconnects at once, not after its backoff', async () => {
  // The page's clock is Playwright's and stays paused from the drop on: no backoff timer can
  // fire, so only the library hearing the tab come back (Taro's onAppShow) can reconnect it.
  const page = await openPage('pages/chat/index', PHONE, (p) => p.clock.install())
  await waitForText(statusOf(page, 'chat-status'), 'Connected')
  await pauseClock(page)
  await stopServer()
  await waitForText(statusOf(page, 'chat-status'), /^(Reconnecting…|Offline)$/)
  await startServer()
  // The person switches to another tab and back (what the browser reports as visibilitychange).
  for (const state of ['hidden', 'visible']) {
    await page.evaluate((visibility) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    }, state)
  }
  await waitForText(statusOf(page, 'chat-status'), 'Connected')
  await waitForServer('/chat', 1)
  await page.clock.resume()
  await page.close()
})

it('the Live feed page counts every tick and renders once a quarter second, however many ticks arrive', async () => {
  // The page's clock is Playwright's: ticks arrive over the network on real time while the
  // page's timers (the store's 250 ms refresh) run only as the test moves its time on. What is
  // counted is renders per quarter second of the page's time, the same on a busy machine.
  let frames = 0
  const page = await openPage('pages/feed/index', PHONE, async (p) => {
    await p.clock.install()
    p.on('websocket', (ws) => ws.url().includes('/feed') && ws.on('framereceived', () => frames++))
  })
  await waitForText(statusOf(page, 'feed-status'), 'Connected')
  await waitForCount(page.locator('#feed-table .price-table__row--data'), 5)

  await pauseClock(page)
  const shown = async (id: string) => Number(await page.locator(`#${id}`).textContent())
  const [received, renders] = [await shown('feed-received'), await shown('feed-renders')]
  const WINDOWS = 8
  const TICKS_PER_WINDOW = 10
  let quarters = 0
  const quarterSecond = async () => {
    await page.clock.runFor(250)
    quarters++
  }
  let rendered: number
  try {
    for (let i = 0; i < WINDOWS; i++) {
      const mark = frames
      await waitUntil(
        () => frames >= mark + TICKS_PER_WINDOW,
        () => `expected ${TICKS_PER_WINDOW} more ticks, saw ${frames - mark}`,
      )
      await quarterSecond()
    }
    // Ticks still on their way into the page's script go out with the next refresh.
    const deadline = Date.now() + PATIENCE
    while ((await shown('feed-received')) < received + WINDOWS * TICKS_PER_WINDOW) {
      if (Date.now() > deadline)
        throw new Error(`expected ${WINDOWS * TICKS_PER_WINDOW} more ticks on screen, saw ${(await shown('feed-received')) - received}`)
      await quarterSecond()
    }
    rendered = (await shown('feed-renders')) - renders
  } finally {
    await page.clock.resume()
  }
  // Every tick is on screen, in at most one render per quarter second of the page's time.
  expect(rendered).toBeGreaterThan(0)
  expect(rendered).toBeLessThanOrEqual(quarters + 1)
  expect(await shown('feed-missed')).toBe(0)
})

it('a hidden tab gives its socket back and takes it again when shown', async () => {
  const page = await openPage('pages/feed/index')
  await waitForText(statusOf(page, 'feed-status'), 'Connected')
  await waitForServer('/feed', 1)
  await tab(page, 'Chat')
  await waitForText(statusOf(page, 'chat-status'), 'Connected')
  await waitForServer('/feed', 0)
  await tab(page, 'Connections')
  // Chat and the feed are hidden, so this page has every slot.
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor()
  await waitForServer('/chat', 0)
  await expect(page.locator('.slot-legend', { hasText: 'let go while hidden' }).count()).resolves.toBe(1)
  await tab(page, 'Prices')
  await waitForText(statusOf(page, 'feed-status'), 'Connected')
  await waitForServer('/echo', 0)
  await waitForServer('/feed', 1)
  await page.close()
  await waitForServer('/feed', 0)
})

const TOPICS = ['chat', 'ticker', 'presence']
/** Waits for a topic's one-word state on the Live page (Live, Resumed, Gap, Paused). */
const waitForTopic = (page: Page, topic: string, word: string) => waitForText(page.locator(`#topic-${topic} .topic-pill__state`), word)

/** Someone on the Live page once its three topics are subscribed over its one socket. */
async function openLive(viewport = PHONE): Promise<Page> {
  const page = await openPage('pages/live/index', viewport)
  for (const topic of TOPICS) await waitForTopic(page, topic, 'Live')
  await waitForText(page.locator('#live-sockets'), '1 socket')
  return page
}

async function post(page: Page, text: string) {
  await page.locator('#live-input input').fill(text)
  await page.locator('#live-send').click()
}

const count = async (page: Page, id: string) => Number(await page.locator(`#${id}`).textContent())

describe('the Live page', () => {
  it('runs chat, prices and who is online for two people, each over one socket', async () => {
    const alice = await openLive()
    const bob = await openLive()
    // Each browser tab holds one socket on /live however many features it shows.
    await waitForServer('/live', 2)
    expect(server.counts.peakByPath['/live']).toBe(2)

    await post(alice, 'hello over one socket')
    await bob.locator('#live-log', { hasText: 'hello over one socket' }).waitFor()
    await post(bob, 'and prices on the same one')
    await alice.locator('#live-log', { hasText: 'and prices on the same one' }).waitFor()

    // Both are online, each sees the other.
    await waitForText(alice.locator('#live-online-count'), '2 online')
    await waitForText(bob.locator('#live-online-count'), '2 online')
    expect(await alice.locator('#live-presence').textContent()).toContain('(you)')

    // The ticker streams 5 events a second into all five symbols, none missed.
    await alice.waitForFunction(() => Number(document.querySelector('#live-received')?.textContent) >= 10)
    await waitForCount(alice.locator('#live-ticker .price-change--up, #live-ticker .price-change--down'), 5)
    expect(await count(alice, 'live-missed')).toBe(0)
    // A request on the same socket: the server's clock.
    await alice.locator('#live-clock', { hasText: 'ms round trip' }).waitFor()
    await waitForText(alice.locator('#live-sockets'), '1 socket')

    // Bob leaves: Alice sees one person online.
    await bob.close()
    await waitForText(alice.locator('#live-online-count'), '1 online')
    await alice.close()
    await waitForServer('/live', 0)
  })

  it('someone who opens the page later gets the earlier messages from the history request', async () => {
    const alice = await openLive()
    await post(alice, 'left for whoever comes next')
    await alice.locator('#live-log', { hasText: 'left for whoever comes next' }).waitFor()
    await alice.close()
    const carol = await openLive()
    await carol.locator('#live-log', { hasText: 'left for whoever comes next' }).waitFor()
    await carol.close()
  })

  it('after a dropped connection every topic resumes from its cursor and no tick is missed', async () => {
    const page = await openLive()
    // A message seen on the chat topic gives it a cursor to resume from, as the ticker and presence have.
    await post(page, 'before the drop')
    await page.locator('#live-log', { hasText: 'before the drop' }).waitFor()
    await page.waitForFunction(() => Number(document.querySelector('#live-received')?.textContent) >= 5)
    const before = await count(page, 'live-received')
    const sequence = server.live.sequence('ticker')

    server.drop('/live')
    await page.locator('#live-resume', { hasText: 'nothing missed' }).waitFor()
    for (const topic of TOPICS) await waitForTopic(page, topic, 'Resumed')
    // Ticks sent while the socket was down were replayed: the count went on without a hole.
    await page.waitForFunction((n) => Number(document.querySelector('#live-received')?.textContent) > n, before + (server.live.sequence('ticker') - sequence))
    expect(await count(page, 'live-missed')).toBe(0)
    await waitForText(page.locator('#live-sockets'), '1 socket')
    await page.close()
    await waitForServer('/live', 0)
  })

  it('a hidden Live tab gives its socket back and takes it again when shown', async () => {
    const page = await openLive()
    await waitForServer('/live', 1)
    await tab(page, 'Chat')
    await waitForText(statusOf(page, 'chat-status'), 'Connected')
    await waitForServer('/live', 0)
    await tab(page, 'Live')
    for (const topic of TOPICS) await waitForTopic(page, topic, 'Live')
    await waitForServer('/live', 1)
    await waitForServer('/chat', 0)
    await waitForText(page.locator('#live-sockets'), '1 socket')
    await page.close()
    await waitForServer('/live', 0)
  })

  it('a message typed on Live while offline is kept on the device: sent after the page is reloaded and the server is back, exactly once', async () => {
    const outbox = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('taro-socket-hooks:outbox:')).length)
    const page = await openLive()
    const before = server.live.sequence('chat:lounge')
    await stopServer()
    await post(page, 'typed offline, then the app was closed')
    await page.locator('#live-log', { hasText: 'Waiting for the connection' }).waitFor()
    expect(await outbox(page)).toBe(1)
    // The app goes away before the server is back (a reload is a cold start; localStorage stays).
    await page.reload()
    await page.locator('#live-status').waitFor()
    expect(await outbox(page)).toBe(1)
    await startServer()
    // The page's new run sends it after the resubscribe; the server acknowledges it and it is no longer kept.
    await page.locator('#live-log', { hasText: 'typed offline, then the app was closed' }).waitFor()
    await page.waitForFunction(() => Object.keys(localStorage).every((key) => !key.startsWith('taro-socket-hooks:outbox:')), undefined, { timeout: PATIENCE })
    expect(server.live.sequence('chat:lounge')).toBe(before + 1)
    expect(await page.locator('#live-log .chat-message', { hasText: 'typed offline, then the app was closed' }).count()).toBe(1)
    await page.close()
  })

  // Last of the Live tests: it replaces the server with a new one, as a crash and restart would.
  it('when the server restarts without its history, the page says which topics have a gap and carries on', async () => {
    const page = await openLive()
    await post(page, 'said before the restart')
    await page.locator('#live-log', { hasText: 'said before the restart' }).waitFor()
    // Every topic has a cursor to resume from (a message, a tick, the presence list): on a busy
    // machine the first tick can come after the message, and a topic with none resumes without one.
    await page.waitForFunction(() => Number(document.querySelector('#live-received')?.textContent) > 0, undefined, { timeout: PATIENCE })
    await waitForText(page.locator('#live-online-count'), '1 online')
    const old = server.live.epoch
    serverDown = true
    await server.close()
    // A new server (a new process would be) on the port the page knows.
    server = await startExampleServer({ port: server.port })
    serverDown = false
    expect(server.live.epoch).not.toBe(old)

    await page.locator('#live-resume', { hasText: 'could not replay chat, prices, who is online' }).waitFor()
    for (const topic of TOPICS) await waitForTopic(page, topic, 'Gap')
    // What was on screen stays; the chat works on the new server.
    expect(await page.locator('#live-log').textContent()).toContain('said before the restart')
    await post(page, 'said after the restart')
    await page.locator('#live-log', { hasText: 'said after the restart' }).waitFor()
    await waitForText(page.locator('#live-online-count'), '1 online')
    expect(await count(page, 'live-missed')).toBe(0)
    await waitForText(page.locator('#live-sockets'), '1 socket')
    await page.close()
  })
})

const AXE = require.resolve('axe-core/axe.min.js')
/** Every page's accessibility findings by state and size, written next to the screenshots. */
const accessibility: Record<string, { violations: string[]; serious: string[] }> = {}
afterAll(() => writeFileSync(join(artifacts, 'accessibility.json'), `${JSON.stringify(accessibility, null, 2)}\n`))

interface AxeResult {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[]
}

/** axe-core in the page (its script, injected), WCAG A and AA rules: the serious and critical findings. */
async function accessibilityProblems(page: Page, key: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
  })
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  accessibility[key] = { violations: result.violations.map((v) => `${v.id} (${v.impact ?? 'no impact given'})`), serious }
  return serious
}

const PAGES = [
  ['chat', 'pages/chat/index', 'chat-status'],
  ['prices', 'pages/feed/index', 'feed-status'],
  ['connections', 'pages/connections/index', 'channel-1'],
  ['live', 'pages/live/index', 'live-status'],
] as const

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('every page through an outage at %s size (development build: React warnings count)', (size, viewport) => {
  inDevelopmentBuild()
  it('connected, reconnecting, offline and back with a gap: screenshots of each, and no serious accessibility problem online or offline', async () => {
    // Someone else in the chat room and on the Live page, so each has a conversation to show.
    const [alice, bob] = await openChatPair(viewport)
    await say(bob, 'Has anyone tried the example on Alipay?')
    await say(alice, 'Yes: one socket there, so hidden tabs hand it over.')
    await alice.locator('#chat-log', { hasText: 'hand it over' }).waitFor()
    const feed = await openPage('pages/feed/index', viewport)
    const connections = await openPage('pages/connections/index', viewport)
    const live = await openLive(viewport)
    const liveBob = await openLive(viewport)
    await post(liveBob, 'Three features here and still one socket?')
    await post(live, 'Yes: chat, prices and presence are topics on it.')
    await live.locator('#live-log', { hasText: 'topics on it' }).waitFor()
    await waitForText(live.locator('#live-online-count'), '2 online')
    const shown = { chat: alice, prices: feed, connections, live }
    await feed.waitForFunction(() => Number(document.querySelector('#feed-received')?.textContent) >= 50)
    await waitForCount(connections.locator('.channel .connection-badge--connected'), 5)
    await live.locator('#live-clock', { hasText: 'ms round trip' }).waitFor()

    const badge = (name: keyof typeof shown) => {
      const entry = PAGES.find(([n]) => n === name)
      const id = entry?.[2] ?? ''
      return name === 'connections' ? shown.connections.locator('#channel-1 .connection-badge') : shown[name].locator(`#${id}`)
    }
    const everyPage = async (state: string, word: string | RegExp, scan: boolean) => {
      const problems: string[] = []
      for (const name of Object.keys(shown) as (keyof typeof shown)[]) {
        await waitForText(badge(name), word)
        await shown[name].screenshot({ path: join(artifacts, `${name}-${state}-${size}.png`) })
        if (scan) problems.push(...(await accessibilityProblems(shown[name], `${name} ${state} ${size}`)).map((p) => `${name}: ${p}`))
      }
      expect(problems).toEqual([])
    }

    await everyPage('connected', 'Connected', true)

    // The server hangs: every socket closed, handshakes unanswered, nothing failed yet. A page
    // stays so until its connect timeout (10 s) ends the attempt, so each page has a hang of its
    // own, taken before it can time out on a busy machine, and is let back in after.
    // Each hang also cuts the other pages; one longer than the connect timeout leaves them with
    // an error until they are back, so a page's own hang starts once it is connected again.
    for (const name of Object.keys(shown) as (keyof typeof shown)[]) {
      await waitForText(badge(name), 'Connected')
      server.hold()
      await waitForText(badge(name), 'Reconnecting…')
      await shown[name].screenshot({ path: join(artifacts, `${name}-reconnecting-${size}.png`) })
      server.release()
      await waitForText(badge(name), 'Connected')
    }

    // The server is gone: attempts fail. Messages typed now wait, and say so.
    await stopServer()
    await say(alice, 'typed while offline')
    await post(live, 'typed on Live while offline')
    await alice.locator('#chat-log', { hasText: 'Waiting for the connection' }).waitFor()
    await live.locator('#live-log', { hasText: 'Waiting for the connection' }).waitFor()
    await live.locator('#live-resume', { hasText: 'Offline since' }).waitFor()
    await feed.locator('#feed-notice', { hasText: 'Not updating' }).waitFor()
    await everyPage('offline', 'Offline', true)

    // A new server process (no history) on the same port: each page comes back and says what it missed.
    await server.close()
    server = await startExampleServer({ port: server.port })
    serverDown = false
    await live.locator('#live-resume', { hasText: 'could not replay' }).waitFor()
    await alice.locator('#chat-log', { hasText: 'Reconnected' }).waitFor()
    // Alice's message went out once she was back, and came back from the server (Bob may have
    // been a moment later: this server keeps no history).
    await waitForCount(alice.locator('#chat-log .chat-message__delivery'), 0)
    expect(await alice.locator('#chat-log').textContent()).toContain('typed while offline')
    // Live's message went out after the resubscribe (the new server would refuse it before) and the server acknowledged it.
    await live.locator('#live-log', { hasText: 'typed on Live while offline' }).waitFor()
    await waitForCount(live.locator('#live-log .chat-message__delivery'), 0)
    await feed.locator('#feed-notice', { hasText: 'were not received' }).waitFor()
    await waitForCount(connections.locator('.channel .connection-badge--connected'), 5)
    await everyPage('gap', 'Connected', false)
    expect(await count(live, 'live-missed')).toBe(0)
  })
})

// Web-first waits: poll until the page (or the server) shows what is expected, or fail after
// PATIENCE saying what it showed. The deadline only bounds a failure.
async function waitUntil(check: () => boolean | Promise<boolean>, failure: () => string): Promise<void> {
  const deadline = Date.now() + PATIENCE
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure())
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function waitForText(locator: Locator, text: string | RegExp): Promise<void> {
  let last = ''
  await waitUntil(
    async () => {
      last = (await locator.textContent({ timeout: PATIENCE }).catch(() => '')) ?? ''
      return typeof text === 'string' ? last.trim() === text : text.test(last)
    },
    () => `expected text ${String(text)}, last saw "${last}"`,
  )
}

async function waitForCount(locator: Locator, n: number): Promise<void> {
  let last = -1
  await waitUntil(
    async () => (last = await locator.count()) === n,
    () => `expected ${n} elements, saw ${last}`,
  )
}
