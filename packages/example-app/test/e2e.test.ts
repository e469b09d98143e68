/**
 * The H5 build in Debian's Chromium, against the example server on 127.0.0.1: what a person
 * sees when they open the example, at phone and desktop sizes (screenshots in artifacts/).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../server/example-server.mjs'
import { serveStatic } from './static-server'

interface ExampleServer {
  counts: { open: number; peak: number; byPath: Record<string, number>; peakByPath: Record<string, number> }
  live: { epoch: string; sequence(topic: string): number; online(): string[] }
  drop(path: string): void
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const artifacts = join(__dirname, '..', 'artifacts')
const { serverUrl } = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

let browser: Browser
let site: { url: string; close(): Promise<void> }
let server: ExampleServer

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  server = (await startExampleServer({ port: Number(new URL(serverUrl).port) })) as ExampleServer
  site = await serveStatic(join(dist, 'h5'))
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

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await server?.close()
})

async function openPage(path: string, viewport = PHONE): Promise<Page> {
  const page = await browser.newPage({ viewport })
  await page.goto(`${site.url}/#/${path}`)
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
  await waitForText(statusOf(alice, 'chat-status'), 'open')
  await waitForText(statusOf(bob, 'chat-status'), 'open')
  return [alice, bob]
}

/** Taps a tab in the H5 tab bar, by its whole label ("Live" is not "Live feed"). */
const tab = (page: Page, label: string) =>
  page
    .locator('.weui-tabbar__item')
    .filter({ has: page.locator('.weui-tabbar__label', { hasText: new RegExp(`^${label}$`) }) })
    .click()

/** Waits until the server counts `n` sockets on `path`. */
async function waitForServer(path: string, n: number, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while ((server.counts.byPath[path] ?? 0) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} sockets on ${path}, server has ${server.counts.byPath[path] ?? 0}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

it('two browser pages chat through the local server', async () => {
  const [alice, bob] = await openChatPair()
  await say(alice, 'hello from alice')
  await bob.locator('#chat-log', { hasText: 'hello from alice' }).waitFor({ timeout: 5000 })
  await say(bob, 'hi alice')
  await alice.locator('#chat-log', { hasText: 'hi alice' }).waitFor({ timeout: 5000 })
  // The composer stays docked at the bottom of the window, above the tab bar.
  const composer = await alice.locator('.composer').boundingBox()
  expect(composer!.y + composer!.height).toBeGreaterThan(PHONE.height - 120)
  await alice.close()
  await bob.close()
})

it('a room change clears the old room and talks in the new one', async () => {
  const [alice, bob] = await openChatPair()
  await say(alice, 'still in the lobby')
  await alice.locator('#chat-log', { hasText: 'still in the lobby' }).waitFor({ timeout: 5000 })

  await alice.locator('#room-design').click()
  await bob.locator('#room-design').click()
  await waitForText(statusOf(alice, 'chat-status'), 'open')
  await waitForText(statusOf(bob, 'chat-status'), 'open')
  expect(await alice.locator('#chat-log').textContent()).not.toContain('still in the lobby')
  await say(bob, 'welcome to design')
  await alice.locator('#chat-log', { hasText: 'welcome to design' }).waitFor({ timeout: 5000 })
  await alice.close()
  await bob.close()
})

it('shows open → reconnecting → open when the server restarts, and delivers what was typed meanwhile', async () => {
  const [alice, bob] = await openChatPair()

  await server.stop()
  await waitForText(statusOf(alice, 'chat-status'), 'reconnecting')
  await say(alice, 'typed while the server was down')
  await alice.locator('#chat-note', { hasText: '1 waiting' }).waitFor({ timeout: 5000 })
  await server.start()
  await waitForText(statusOf(alice, 'chat-status'), 'open')
  await waitForText(statusOf(bob, 'chat-status'), 'open')
  // The server broadcast it back to the room, so it left Alice's queue after the reconnect.
  await alice.locator('#chat-log', { hasText: 'typed while the server was down' }).waitFor({ timeout: 10_000 })
  await say(bob, 'back again')
  await alice.locator('#chat-log', { hasText: 'back again' }).waitFor({ timeout: 5000 })
  await alice.close()
  await bob.close()
})

it('the Connections page keeps H5 at 5 sockets, and closing an open channel lets a queued one in', async () => {
  expect(server.counts.peakByPath['/echo'] ?? 0).toBe(0)
  const page = await openPage('pages/connections/index')
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor({ timeout: 10_000 })
  await waitForCount(page.locator('.channel .badge-open'), 5)
  await waitForCount(page.locator('.channel .badge-queued'), 2)
  await waitForServer('/echo', 5)

  // Channel 1 is open; closing it hands its slot to channel 6, the first in the queue.
  await page.locator('#remove-channel').click()
  await page.locator('#channel-1').waitFor({ state: 'detached', timeout: 5000 })
  await waitForText(page.locator('#channel-6 .badge'), 'open')
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 1 waiting' }).waitFor({ timeout: 10_000 })
  await page.locator('#add-channel').click()
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor({ timeout: 10_000 })
  // A queued channel closed from its row leaves without taking anything.
  await page.locator('#close-8').click()
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 1 waiting' }).waitFor({ timeout: 10_000 })
  expect(server.counts.byPath['/echo']).toBe(5)
  expect(server.counts.peakByPath['/echo']).toBe(5)
  await page.close()
  await waitForServer('/echo', 0)
})

it('the Live feed page counts every tick and renders a few times a second', async () => {
  const page = await openPage('pages/feed/index')
  await waitForText(statusOf(page, 'feed-status'), 'open')
  // About 4 s of stream.
  await page.waitForFunction(() => Number(document.querySelector('#feed-received')?.textContent) >= 200, undefined, { timeout: 10_000 })
  const received = Number(await page.locator('#feed-received').textContent())
  const renders = Number(await page.locator('#feed-renders').textContent())
  expect(Number(await page.locator('#feed-missed').textContent())).toBe(0)
  // 50 ticks a second, a refresh every 250 ms: about one render per dozen ticks.
  expect(renders).toBeGreaterThan(2)
  expect(renders).toBeLessThan(received / 8)
  await waitForCount(page.locator('#feed-table .tr:not(.th)'), 5)
  await page.close()
})

it('a hidden tab gives its socket back and takes it again when shown', async () => {
  const page = await openPage('pages/feed/index')
  await waitForText(statusOf(page, 'feed-status'), 'open')
  await waitForServer('/feed', 1)
  await tab(page, 'Chat')
  await waitForText(statusOf(page, 'chat-status'), 'open')
  await waitForServer('/feed', 0)
  await tab(page, 'Connections')
  // Chat and the feed are hidden, so this page has every slot.
  await page.locator('#registry-summary', { hasText: '5 of 5 slots in use · 2 waiting' }).waitFor({ timeout: 10_000 })
  await waitForServer('/chat', 0)
  await expect(page.locator('.legend', { hasText: 'released while hidden' }).count()).resolves.toBe(1)
  await tab(page, 'Live feed')
  await waitForText(statusOf(page, 'feed-status'), 'open')
  await waitForServer('/echo', 0)
  await waitForServer('/feed', 1)
  await page.close()
  await waitForServer('/feed', 0)
})

/** Someone on the Live page once its three topics are subscribed over its one socket. */
async function openLive(viewport = PHONE): Promise<Page> {
  const page = await openPage('pages/live/index', viewport)
  for (const topic of ['chat', 'ticker', 'presence']) await page.locator(`#topic-${topic}`, { hasText: 'subscribed' }).waitFor({ timeout: 10_000 })
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
    await bob.locator('#live-log', { hasText: 'hello over one socket' }).waitFor({ timeout: 5000 })
    await post(bob, 'and prices on the same one')
    await alice.locator('#live-log', { hasText: 'and prices on the same one' }).waitFor({ timeout: 5000 })

    // Both are online, each sees the other.
    await waitForText(alice.locator('#live-online-count'), '2 online')
    await waitForText(bob.locator('#live-online-count'), '2 online')
    expect(await alice.locator('#live-presence').textContent()).toContain('(you)')

    // The ticker streams 5 events a second into all five symbols, none missed.
    await alice.waitForFunction(() => Number(document.querySelector('#live-received')?.textContent) >= 10, undefined, { timeout: 10_000 })
    await waitForCount(alice.locator('#live-ticker .tick-change.up, #live-ticker .tick-change.down'), 5)
    expect(await count(alice, 'live-missed')).toBe(0)
    // A request on the same socket: the server's clock.
    await alice.locator('#live-clock', { hasText: 'ms round trip' }).waitFor({ timeout: 5000 })
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
    await alice.locator('#live-log', { hasText: 'left for whoever comes next' }).waitFor({ timeout: 5000 })
    await alice.close()
    const carol = await openLive()
    await carol.locator('#live-log', { hasText: 'left for whoever comes next' }).waitFor({ timeout: 5000 })
    await carol.close()
  })

  it('after a dropped connection every topic resumes from its cursor and no tick is missed', async () => {
    const page = await openLive()
    // A message seen on the chat topic gives it a cursor to resume from, as the ticker and presence have.
    await post(page, 'before the drop')
    await page.locator('#live-log', { hasText: 'before the drop' }).waitFor({ timeout: 5000 })
    await page.waitForFunction(() => Number(document.querySelector('#live-received')?.textContent) >= 5, undefined, { timeout: 10_000 })
    const before = await count(page, 'live-received')
    const sequence = server.live.sequence('ticker')

    server.drop('/live')
    await page.locator('#live-resume', { hasText: 'nothing missed' }).waitFor({ timeout: 10_000 })
    for (const topic of ['chat', 'ticker', 'presence']) await page.locator(`#topic-${topic}`, { hasText: '↺ replayed' }).waitFor({ timeout: 5000 })
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
    await waitForText(statusOf(page, 'chat-status'), 'open')
    await waitForServer('/live', 0)
    await tab(page, 'Live')
    for (const topic of ['chat', 'ticker', 'presence']) await page.locator(`#topic-${topic}`, { hasText: 'subscribed' }).waitFor({ timeout: 10_000 })
    await waitForServer('/live', 1)
    await waitForServer('/chat', 0)
    await waitForText(page.locator('#live-sockets'), '1 socket')
    await page.close()
    await waitForServer('/live', 0)
  })

  // Last of the Live tests: it replaces the server with a new one, as a crash and restart would.
  it('when the server restarts without its history, the page says which topics have a gap and carries on', async () => {
    const page = await openLive()
    await post(page, 'said before the restart')
    await page.locator('#live-log', { hasText: 'said before the restart' }).waitFor({ timeout: 5000 })
    const port = Number(new URL(serverUrl).port)
    const old = server.live.epoch
    await server.close()
    server = (await startExampleServer({ port })) as ExampleServer
    expect(server.live.epoch).not.toBe(old)

    await page.locator('#live-resume', { hasText: 'a gap in #lobby, ticker, presence' }).waitFor({ timeout: 15_000 })
    for (const topic of ['chat', 'ticker', 'presence']) await page.locator(`#topic-${topic}`, { hasText: 'gap' }).waitFor({ timeout: 5000 })
    // What was on screen stays; the chat works on the new server.
    expect(await page.locator('#live-log').textContent()).toContain('said before the restart')
    await post(page, 'said after the restart')
    await page.locator('#live-log', { hasText: 'said after the restart' }).waitFor({ timeout: 5000 })
    await waitForText(page.locator('#live-online-count'), '1 online')
    expect(await count(page, 'live-missed')).toBe(0)
    await waitForText(page.locator('#live-sockets'), '1 socket')
    await page.close()
  }, 30_000)
})

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('screenshots at %s size', (name, viewport) => {
  it('chat, feed and connections', async () => {
    const [alice, bob] = await openChatPair(viewport)
    await say(bob, 'Has anyone tried the example on Alipay?')
    await say(alice, 'Yes: one socket there, so hidden tabs hand it over.')
    await alice.locator('#chat-log', { hasText: 'hand it over' }).waitFor({ timeout: 5000 })
    await alice.screenshot({ path: join(artifacts, `chat-${name}.png`) })
    await bob.close()

    await tab(alice, 'Live feed')
    await alice.waitForFunction(() => Number(document.querySelector('#feed-received')?.textContent) >= 50, undefined, { timeout: 10_000 })
    await alice.screenshot({ path: join(artifacts, `feed-${name}.png`) })

    await tab(alice, 'Connections')
    await alice.locator('#registry-summary', { hasText: '· 2 waiting' }).waitFor({ timeout: 10_000 })
    await waitForCount(alice.locator('.channel .badge-open'), 5)
    await alice.screenshot({ path: join(artifacts, `connections-${name}.png`), fullPage: true })
    await alice.close()
  }, 40_000)

  it('live, after a reconnect', async () => {
    const alice = await openLive(viewport)
    const bob = await openLive(viewport)
    await post(bob, 'Three features here and still one socket?')
    await post(alice, 'Yes: chat, prices and presence are topics on it.')
    await alice.locator('#live-log', { hasText: 'topics on it' }).waitFor({ timeout: 5000 })
    await waitForText(alice.locator('#live-online-count'), '2 online')
    server.drop('/live')
    await alice.locator('#live-resume', { hasText: 'nothing missed' }).waitFor({ timeout: 10_000 })
    await alice.locator('#live-clock', { hasText: 'ms round trip' }).waitFor({ timeout: 5000 })
    await waitForText(alice.locator('#live-online-count'), '2 online')
    await alice.screenshot({ path: join(artifacts, `live-${name}.png`) })
    await bob.close()
    await alice.close()
  }, 40_000)
})

// Web-first waits: poll the page until it shows what is expected, or fail saying what it showed.
async function waitForText(locator: Locator, text: string | RegExp, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  let last = ''
  while (Date.now() < deadline) {
    last = (await locator.textContent().catch(() => '')) ?? ''
    if (typeof text === 'string' ? last.trim() === text : text.test(last)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`expected text ${String(text)}, last saw "${last}"`)
}

async function waitForCount(locator: Locator, n: number, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  let last = -1
  while (Date.now() < deadline) {
    last = await locator.count()
    if (last === n) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`expected ${n} elements, saw ${last}`)
}
