/**
 * The Vue example's compiled WeChat and Alipay bundles (dist/weapp, dist/alipay), run on the
 * emulated mini-program logic layer the React example's are run on (example-test-support),
 * against the React example's server. Alipay runs twice: with its one global socket, and in
 * multiple-task mode (the app opts in with alipayMultipleTasks()).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ALIPAY_MULTIPLE_LIMIT, MiniProgramHost, WEAPP_SOCKET_LIMIT, until, type Platform } from 'example-test-support'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../../example-app/server/example-server.mjs'

interface ExampleServer {
  port: number
  counts: { open: number; peak: number; byPath: Record<string, number> }
  drop(path: string): void
  close(): Promise<void>
}

const dist = join(__dirname, '..', 'dist')
const { serverUrl: builtUrl } = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }
const CHAT = 'pages/chat/index'
const LIVE = 'pages/live/index'
const TOPICS = ['topic-chat', 'topic-ticker', 'topic-presence']
jest.setTimeout(180_000)

describe.each<[string, Platform, boolean, number]>([
  ['weapp', 'weapp', false, WEAPP_SOCKET_LIMIT],
  ['alipay (one global socket)', 'alipay', false, 1],
  ['alipay (multiple-task mode)', 'alipay', true, ALIPAY_MULTIPLE_LIMIT],
])('the Vue %s bundle', (name, platform, alipayMultiple, cap) => {
  let server: ExampleServer
  let host: MiniProgramHost

  beforeAll(async () => {
    server = (await startExampleServer({ port: 0 })) as ExampleServer
    host = new MiniProgramHost({ dist: join(dist, platform), platform, alipayMultiple, builtUrl, serverUrl: `ws://127.0.0.1:${server.port}` })
  })
  afterAll(async () => {
    host?.dispose()
    await server?.close()
  })

  // Never above the platform's cap, nothing refused; on the multiple-task host, tasks of their own (the app opts in).
  const expectWithinCap = () => {
    expect(server.counts.peak).toBeLessThanOrEqual(cap)
    expect(host.peakLive).toBeLessThanOrEqual(cap)
    expect(host.refused).toBe(0)
    expect(host.displaced).toBe(0)
    expect(host.ownTasks > 0).toBe(alipayMultiple)
  }

  it('loads the Vue app and both pages without throwing', async () => {
    host.boot()
    const chat = host.switchTab(CHAT)
    await until(() => host.text(chat, 'chat-status') !== '', 'the chat page renders')
    expect(host.appJson.pages).toEqual([CHAT, LIVE])
    expect(host.errors).toEqual([])
  })

  it('chat: the socket opens and a message round-trips; a room change moves to the new room', async () => {
    const chat = host.switchTab(CHAT)
    await until(() => host.text(chat, 'chat-status') === 'open', 'chat status open')
    host.input(chat, 'chat-input', `hello from vue ${name}`)
    host.tap(chat, 'chat-send')
    await until(() => host.text(chat, 'chat-log').includes(`hello from vue ${name}`), 'the message comes back')
    host.tap(chat, 'room-design')
    await until(() => host.text(chat, 'chat-log').includes('You joined') && !host.text(chat, 'chat-log').includes('hello from'), 'a fresh log in #design')
    await until(() => host.text(chat, 'chat-status') === 'open' && server.counts.byPath['/chat'] === 1, 'one chat socket, open')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('live: chat, prices, who is online and requests over one socket; the hidden chat page lets go of its socket', async () => {
    const live = host.switchTab(LIVE)
    for (const id of TOPICS) await until(() => host.text(live, id).includes('subscribed'), `${id} subscribed`)
    await until(() => server.counts.open === 1 && server.counts.byPath['/live'] === 1, 'one socket at the server, on /live')
    await until(() => host.text(live, 'live-sockets') === '1 socket', 'the page shows 1 socket')
    host.input(live, 'live-input', `hi from vue ${name}`)
    host.tap(live, 'live-send')
    await until(() => host.text(live, 'live-log').includes(`hi from vue ${name}`), 'the message comes back on the chat topic')
    await until(() => host.text(live, 'live-online-count') === '1 online', 'me online')
    await until(() => host.text(live, 'live-clock').includes('ms round trip'), 'the server clock by request')
    const before = Number(host.text(live, 'live-received'))
    await until(() => Number(host.text(live, 'live-received')) >= before + 5, 'ticker events')
    expect(host.text(live, 'live-missed')).toBe('0')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('live: after the connection drops, every topic resumes from its cursor and no tick is missed', async () => {
    const live = host.switchTab(LIVE)
    server.drop('/live')
    for (const id of TOPICS) await until(() => host.text(live, id).includes('↺ replayed'), `${id} replayed`)
    const received = Number(host.text(live, 'live-received'))
    await until(() => Number(host.text(live, 'live-received')) > received + 3, 'ticks keep coming')
    expect(host.text(live, 'live-missed')).toBe('0')
    expect(server.counts.byPath['/live']).toBe(1)
    expect(host.errors).toEqual([])
    expectWithinCap()
  })

  it('closing the app (every page unloaded) leaves no socket open', async () => {
    host.unloadAll()
    await until(() => server.counts.open === 0 && host.live.size === 0, 'every socket closed')
    expect(host.errors).toEqual([])
    expectWithinCap()
  })
})
