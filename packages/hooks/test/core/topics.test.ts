import { defineProtocol, type Incoming } from '../../src/core/protocol'
import type { SocketRegistry } from '../../src/core/registry'
import { topicClient, type TopicListener } from '../../src/core/topics'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startTopicServer, type TopicServer } from '../support/topic-server'
import { settle, waitFor } from '../support/wait'

let server: TopicServer
let platform: PlatformEmulator
let registry: SocketRegistry

async function setup(options: Parameters<typeof startTopicServer>[0] = {}) {
  server = await startTopicServer(options)
  platform = emulatePlatform('weapp')
  registry = createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20, reconnect: { minDelay: 5, maxDelay: 20 } })
}
afterEach(async () => {
  registry.dispose()
  platform.destroy()
  await server.close()
})

/** A listener that records what its subscriber hears. */
function recorder() {
  const events: unknown[] = []
  let gaps = 0
  const listener: TopicListener = { onEvent: (data) => events.push(data), onGap: () => gaps++ }
  return {
    listener,
    events,
    get gaps() {
      return gaps
    },
  }
}

const client = (options = {}) => topicClient(registry, { url: server.url }, undefined, { releaseDelay: 20, ...options })

describe('topics over one socket', () => {
  beforeEach(() => setup())

  it('sends one subscribe for every subscriber of a topic, and one unsubscribe after the last leaves', async () => {
    const leaves = Array.from({ length: 5 }, () => client().subscribe('news', recorder().listener))
    await waitFor(() => client().topic('news').status === 'subscribed', 'subscribed')
    expect(server.count('subscribe', 'news')).toBe(1)
    for (const leave of leaves.slice(0, 4)) leave()
    await settle(50)
    expect(server.count('unsubscribe', 'news')).toBe(0)
    leaves[4]!()
    await waitFor(() => server.count('unsubscribe', 'news') === 1, 'unsubscribed')
    expect(server.server.sockets).toHaveLength(1)
  })

  it('delivers an event only to the subscribers of its topic', async () => {
    const a = recorder()
    const b = recorder()
    client().subscribe('a', a.listener)
    client().subscribe('b', b.listener)
    await waitFor(() => server.subscribers('a') === 1 && server.subscribers('b') === 1, 'both subscribed')
    server.emit('a', 'for a')
    server.emit('b', 'for b')
    await waitFor(() => a.events.length === 1 && b.events.length === 1, 'both events')
    expect(a.events).toEqual(['for a'])
    expect(b.events).toEqual(['for b'])
  })

  it('keeps a topic through a quick leave and rejoin (no unsubscribe, no second subscribe)', async () => {
    const leave = client().subscribe('news', recorder().listener)
    await waitFor(() => client().topic('news').status === 'subscribed', 'subscribed')
    leave()
    client().subscribe('news', recorder().listener)
    await settle(60)
    expect([server.count('subscribe', 'news'), server.count('unsubscribe', 'news')]).toEqual([1, 0])
  })

  it('subscribes again once after the server restarts, with the last cursor, and replays the gap', async () => {
    const r = recorder()
    client().subscribe('feed', r.listener)
    await waitFor(() => server.subscribers('feed') === 1, 'subscribed')
    server.emit('feed', 1)
    await waitFor(() => r.events.length === 1, 'first event')
    await server.server.stop()
    server.emit('feed', 2) // missed while down, kept in the server's buffer
    await server.server.start()
    await waitFor(() => r.events.length === 2, 'replayed event')
    expect(r.events).toEqual([1, 2])
    const subscribes = server.log.filter((l) => l.message.type === 'subscribe').map((l) => l.message.since)
    expect(subscribes).toEqual([undefined, 1])
    expect(client().topic('feed').recovered).toBe(true)
    expect(r.gaps).toBe(0)
  })

  it('tells subscribers when the server could not replay what they missed', async () => {
    const r = recorder()
    client().subscribe('feed', r.listener)
    await waitFor(() => server.subscribers('feed') === 1, 'subscribed')
    server.emit('feed', 1)
    await waitFor(() => r.events.length === 1, 'first event')
    await server.server.stop()
    server.emit('feed', 2)
    server.forget('feed')
    await server.server.start()
    await waitFor(() => r.gaps === 1, 'gap told')
    expect(client().topic('feed').recovered).toBe(false)
    expect(r.events).toEqual([1])
  })

  it('never sends an unsubscribe left over from before a reconnect', async () => {
    const leave = client().subscribe('old', recorder().listener)
    client().subscribe('kept', recorder().listener)
    await waitFor(() => server.subscribers('old') === 1, 'subscribed')
    leave()
    await server.server.stop() // within the grace delay of 'old'
    await server.server.start()
    await waitFor(() => server.subscribers('kept') === 1, 'kept resubscribed')
    await settle(60)
    expect(server.count('unsubscribe')).toBe(0)
    expect(server.count('subscribe', 'old')).toBe(1)
    expect(server.count('subscribe', 'kept')).toBe(2)
  })

  it.each([
    ['as WeChat reports it (1000 "interrupted")', true],
    ['silently, with no onClose', 'silently'],
  ] as const)('subscribes every topic again once when the app comes back after a background kill (%s)', async (_, killSockets) => {
    const r = recorder()
    client().subscribe('feed', r.listener)
    client().subscribe('chat', recorder().listener)
    await waitFor(() => server.subscribers('feed') === 1 && server.subscribers('chat') === 1, 'subscribed')
    server.emit('feed', 'before')
    await waitFor(() => r.events.length === 1, 'first event')
    platform.app.hide({ killSockets })
    await waitFor(() => server.server.openCount === 0, 'killed in the background')
    server.emit('feed', 'while away')
    await settle(30)
    expect(server.count('subscribe')).toBe(2) // nothing while hidden
    platform.app.show()
    await waitFor(() => r.events.length === 2, 'missed event replayed')
    expect(r.events).toEqual(['before', 'while away'])
    expect(server.log.filter((l) => l.message.type === 'subscribe').map((l) => [l.message.topic, l.message.since])).toEqual([
      ['feed', undefined],
      ['chat', undefined],
      ['feed', 1],
      ['chat', undefined],
    ])
    expect(server.count('unsubscribe')).toBe(0)
  })

  it('marks a topic the server refuses as error with TOPIC_REFUSED', async () => {
    await server.close()
    await setup({ refuse: (topic) => topic === 'secret' })
    client().subscribe('secret', recorder().listener)
    await waitFor(() => client().topic('secret').status === 'error', 'refused')
    expect(client().topic('secret').error).toMatchObject({ code: 'TOPIC_REFUSED', cause: { reason: 'forbidden' } })
  })

  it('marks topics unsubscribed when the socket closes for good', async () => {
    client().subscribe('news', recorder().listener)
    await waitFor(() => client().topic('news').status === 'subscribed', 'subscribed')
    registry.peek({ url: server.url })!.close()
    await waitFor(() => client().topic('news').status === 'unsubscribed', 'unsubscribed')
  })
})

describe('requests over one socket', () => {
  beforeEach(() => setup())

  it('matches each reply to its request', async () => {
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client().request('echo', i)))
    expect(replies).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(server.server.sockets).toHaveLength(1)
  })

  it('rejects with REQUEST_FAILED when the server answers with an error', async () => {
    await expect(client().request('fail', null)).rejects.toMatchObject({ code: 'REQUEST_FAILED', cause: { message: 'it failed' } })
  })

  it('rejects with REQUEST_TIMEOUT when no reply comes in time', async () => {
    await expect(client().request('never', null, { timeout: 50 })).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' })
  })

  it('rejects with REQUEST_LOST when the socket drops after the request went out', async () => {
    const pending = client().request('never', null)
    const lost = expect(pending).rejects.toMatchObject({ code: 'REQUEST_LOST' })
    await waitFor(() => server.count('request') === 1, 'request at the server')
    await server.server.stop()
    await lost
    await server.server.start()
  })

  it('holds a request made before open in the queue and sends it once open', async () => {
    const c = client()
    const pending = c.request('sum', [1, 2, 3])
    expect(registry.peek({ url: server.url })!.status).not.toBe('open')
    await expect(pending).resolves.toBe(6)
  })

  it('rejects a queued request with the socket error when the socket closes for good first', async () => {
    await server.server.stop()
    const pending = expect(client().request('echo', 1)).rejects.toMatchObject({ code: 'NOT_OPEN' })
    await waitFor(() => registry.peek({ url: server.url })?.status === 'reconnecting', 'reconnecting')
    registry.peek({ url: server.url })!.close()
    await pending
    await server.server.start()
  })

  it('releases the socket once nothing uses the client any more', async () => {
    await client().request('echo', 1)
    await waitFor(() => registry.stats().connections === 0, 'socket released')
  })
})

describe('clients of one socket', () => {
  beforeEach(() => setup())

  it('gives the same client to every caller until it is let go, so replies and subscribes are not doubled', async () => {
    const a = client()
    const b = client() // made before a is used, as two components rendering together do
    expect(b).toBe(a)
    const releases = [a.retain(), b.retain()]
    expect(await Promise.all([a.request('echo', 'for a'), b.request('echo', 'for b')])).toEqual(['for a', 'for b'])
    client().subscribe('news', recorder().listener)
    client().subscribe('news', recorder().listener)
    await waitFor(() => server.subscribers('news') === 1, 'subscribed')
    expect(server.count('subscribe', 'news')).toBe(1)
    for (const release of releases) release()
  })

  it('matches replies to the right client when two protocols share a socket', async () => {
    const other = defineProtocol({ confirms: true })
    const json = client()
    const second = topicClient(registry, { url: server.url }, other, { releaseDelay: 20 })
    expect(second).not.toBe(json)
    expect(await Promise.all([json.request('echo', 'json'), second.request('echo', 'other')])).toEqual(['json', 'other'])
    expect(server.server.sockets).toHaveLength(1)
  })
})

describe('a protocol of its own', () => {
  beforeEach(() => setup())

  it('speaks the server format the app defines, and counts a topic subscribed once sent when the server does not confirm', async () => {
    // A server with its own format: arrays, and no subscription confirmations.
    const arrays = defineProtocol<{ ticks: { event: number } }>({
      subscribe: (topic) => ['sub', topic],
      unsubscribe: (topic) => ['unsub', topic],
      route: (message): Incoming | undefined =>
        Array.isArray(message) && message[0] === 'tick' ? { type: 'event', topic: 'ticks', data: message[1] as number } : undefined,
    })
    const events: unknown[] = []
    const c = topicClient(registry, { url: server.url }, arrays, { releaseDelay: 20 })
    const leave = c.subscribe('ticks', { onEvent: (n) => events.push(n) })
    await waitFor(() => c.topic('ticks').status === 'subscribed', 'subscribed once sent')
    await waitFor(() => server.server.sockets[0]?.received.includes('["sub","ticks"]') === true, 'subscribe at the server')
    server.server.broadcast('["tick",1]')
    server.server.broadcast('not json at all')
    server.server.broadcast('["tick",2]')
    await waitFor(() => events.length === 2, 'two ticks')
    expect(events).toEqual([1, 2])
    leave()
    await waitFor(() => server.server.sockets[0]?.received.includes('["unsub","ticks"]') === true, 'unsubscribe at the server')
  })
})
