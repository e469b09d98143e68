/**
 * The Vue example's H5 build in Debian's Chromium, against the React example's server on
 * 127.0.0.1: two windows chat, a server restart is ridden out, and the Live page runs its topics
 * over one socket (screenshots in artifacts/).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic, until } from 'example-test-support'
import { chromium, type Browser, type Page } from 'playwright-core'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../../example-app/server/example-server.mjs'

interface ExampleServer {
  port: number
  url: string
  counts: { open: number; byPath: Record<string, number> }
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const artifacts = join(__dirname, '..', 'artifacts')
const PATIENCE = 30_000
jest.setTimeout(180_000)

let browser: Browser
let site: { url: string; close(): Promise<void> }
let server: ExampleServer
let pages: Page[] = []

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  server = await startExampleServer({ port: 0 })
  site = await serveStatic(join(dist, 'h5'))
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}, 60_000)

afterEach(async () => {
  await Promise.all(pages.filter((p) => !p.isClosed()).map((p) => p.close()))
  pages = []
  await until(() => server.counts.open === 0, 'every socket of the test closed')
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await server?.close()
})

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
  pages.push(page)
  page.setDefaultTimeout(PATIENCE)
  await page.goto(`${site.url}/?server=${encodeURIComponent(server.url)}#/${path}`)
  return page
}

async function say(page: Page, text: string) {
  await page.locator('#chat-input input').fill(text)
  await page.locator('#chat-send').click()
}

const status = (page: Page, text: string) => page.locator('#chat-status', { hasText: new RegExp(`^${text}$`) }).waitFor()

it('two browser windows chat through the local server, and ride out a server restart', async () => {
  const alice = await openPage('pages/chat/index')
  const bob = await openPage('pages/chat/index')
  await status(alice, 'open')
  await status(bob, 'open')
  await say(alice, 'hello from alice')
  await bob.locator('#chat-log', { hasText: 'hello from alice' }).waitFor()

  await server.stop()
  try {
    await status(alice, 'reconnecting')
    await say(alice, 'typed while the server was down')
    await alice.locator('#chat-note', { hasText: '1 waiting · reconnecting' }).waitFor()
  } finally {
    await server.start()
  }
  await status(alice, 'open')
  await alice.locator('#chat-log', { hasText: 'typed while the server was down' }).waitFor()
  await alice.screenshot({ path: join(artifacts, 'chat-phone.png') })
})

it('the Live page subscribes three topics and asks the server clock over one socket', async () => {
  const page = await openPage('pages/live/index')
  for (const id of ['topic-chat', 'topic-ticker', 'topic-presence']) await page.locator(`#${id}`, { hasText: 'subscribed' }).waitFor()
  await page.locator('#live-sockets', { hasText: '1 socket' }).waitFor()
  await page.locator('#live-clock', { hasText: 'ms round trip' }).waitFor()
  await page.locator('#live-input input').fill('hi from the Vue page')
  await page.locator('#live-send').click()
  await page.locator('#live-log', { hasText: 'hi from the Vue page' }).waitFor()
  await page.locator('#live-online-count', { hasText: '1 online' }).waitFor()
  await until(() => Number.isFinite(server.counts.byPath['/live']) && server.counts.byPath['/live'] === 1, 'one socket on /live')
  expect(server.counts.open).toBe(1)
  expect(await page.locator('#live-missed').textContent()).toBe('0')
  await page.screenshot({ path: join(artifacts, 'live-phone.png') })
})
