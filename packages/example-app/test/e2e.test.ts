/**
 * The H5 build in Debian's Chromium, against the example server on 127.0.0.1: what a person
 * sees when they open the example.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../server/example-server.mjs'
import { serveStatic } from './static-server'

interface ExampleServer {
  counts: { open: number; peak: number; byPath: Record<string, number>; peakByPath: Record<string, number> }
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const artifacts = join(__dirname, '..', 'artifacts')
const { serverUrl } = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }

let browser: Browser
let site: { url: string; close(): Promise<void> }
let server: ExampleServer

beforeAll(async () => {
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

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 860 } })
  await page.goto(`${site.url}/#/${path}`)
  return page
}

const statusOf = (page: Page, id: string) => page.locator(`#${id}`)

async function say(page: Page, text: string) {
  await page.locator('#chat-input input').fill(text)
  await page.locator('#chat-send').click()
}

/** Two people in the lobby, both connected. */
async function openChatPair(): Promise<[Page, Page]> {
  const alice = await openPage('pages/chat/index')
  const bob = await openPage('pages/chat/index')
  await waitForText(statusOf(alice, 'chat-status'), 'open')
  await waitForText(statusOf(bob, 'chat-status'), 'open')
  return [alice, bob]
}

it('two browser pages chat through the local server', async () => {
  const [alice, bob] = await openChatPair()
  await say(alice, 'hello from alice')
  await bob.locator('#chat-log', { hasText: 'hello from alice' }).waitFor({ timeout: 5000 })
  await say(bob, 'hi alice')
  await alice.locator('#chat-log', { hasText: 'hi alice' }).waitFor({ timeout: 5000 })
  await alice.close()
  await bob.close()
})

it('shows open → reconnecting → open when the server restarts, and delivers what was typed meanwhile', async () => {
  const [alice, bob] = await openChatPair()

  await server.stop()
  await waitForText(statusOf(alice, 'chat-status'), 'reconnecting')
  await say(alice, 'typed while the server was down')
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

it('the Connections page never holds more sockets than H5 allows and lets queued ones in', async () => {
  const before = server.counts.peakByPath['/echo'] ?? 0
  expect(before).toBe(0)
  const page = await openPage('pages/connections/index')
  await page.locator('#registry-summary', { hasText: '5 holding a slot · 2 queued' }).waitFor({ timeout: 10_000 })
  await waitForCount(page.locator('.channel .status-open'), 5)
  await waitForCount(page.locator('.channel .status-queued'), 2)
  expect(server.counts.byPath['/echo']).toBe(5)

  await page.locator('#remove-channel').click()
  await page.locator('#remove-channel').click()
  await page.locator('#registry-summary', { hasText: '5 holding a slot · 0 queued' }).waitFor({ timeout: 10_000 })
  await page.locator('#add-channel').click()
  await page.locator('#registry-summary', { hasText: '5 holding a slot · 1 queued' }).waitFor({ timeout: 10_000 })
  expect(server.counts.peakByPath['/echo']).toBe(5)

  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'connections-h5.png'), fullPage: true })
  await page.close()
})

it('the Live feed page shows the stream without rendering the page per tick', async () => {
  const page = await openPage('pages/feed/index')
  await waitForText(statusOf(page, 'feed-status'), 'open')
  await page.waitForFunction(() => /^([1-9]\d{2,}) ticks/.test(document.querySelector('#feed-counts')?.textContent ?? ''), undefined, {
    timeout: 10_000,
  })
  const text = (await page.locator('#feed-counts').textContent()) ?? ''
  const [, ticks, renders] = /(\d+) ticks received · page rendered (\d+) times/.exec(text) ?? []
  // The page re-renders for status changes and the twice-a-second counter, not for each tick.
  expect(Number(renders)).toBeLessThan(Number(ticks) / 5)
  await page.screenshot({ path: join(artifacts, 'feed-h5.png') })
  await page.close()
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
