import { act, cleanup, render, screen } from '@testing-library/react'
import { SocketProvider } from '../../src'
import { isSocketError, type SocketError } from '../../src/core/errors'
import type { DurableStorage } from '../../src/core/durable'
import { handshake as makeHandshake, type HandshakeFeature } from '../../src/core/handshake'
import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import { createTestClock, type TestClock } from '../../src/testing/clock'
import type { PlatformEmulator } from '../../src/testing/platform-emulator'
import type { EmulatedStorage } from '../../src/testing/storage'
import { jsonProtocol, useRequest, useTopic, type PublishOptions, type RequestFunction, type RequestMap } from '../../src/topics'
import { startTopicServer, type ClientMessage, type TopicServer } from './topic-server'
import { settle, until } from './wait'

export interface TopicsSetup {
  /** With the platform's storage as its durable outbox. */
  registry: SocketRegistry
  /** The storage the registry keeps durable messages in, through Taro's API. */
  storage: DurableStorage
  /** The device's storage (emulated platforms): a cold start is given it back. */
  device?: EmulatedStorage
  /** Emulated platforms: the app's background and foreground. */
  app?: PlatformEmulator['app']
  /** Kills the platform's sockets (the app is gone), or closes them where that cannot be emulated. */
  teardown(): void
}

/** Makes the platform's registry with `options` on top of its defaults; `device`: the storage a cold start finds. */
export type TopicsSetupFn = (options?: SocketRegistryOptions, device?: EmulatedStorage) => TopicsSetup

/** What the test server sends on every topic: the topic it was meant for and its sequence number. */
interface Tick {
  topic: string
  n: number
}

/** What one mounted component heard and how often it rendered. */
interface Seen {
  events: Tick[]
  gaps: number
  renders: number
}
const seen = (): Seen => ({ events: [], gaps: 0, renders: 0 })

/** The server's JSON protocol, typed: every topic carries ticks (levels on the `select` test's topic). */
const ticks = jsonProtocol<Record<string, { event: Tick }>>()
const levels = jsonProtocol<Record<string, { event: Tick & { level: number } }>>()

/** A component reading one topic: it shows the status, whether the gap was replayed and the last event. */
function Reader({ url, topic, id, log, handshake }: { url: string; topic: string; id: string; log: Seen; handshake?: HandshakeFeature }) {
  log.renders++
  const { status, recovered, data } = useTopic(url, topic, {
    protocol: ticks,
    handshake,
    onMessage: (event) => log.events.push(event),
    onGap: () => log.gaps++,
  })
  return <p data-testid={id}>{`${status} ${String(recovered)} ${data ? data.n : '-'}`}</p>
}

/** A component that reads only one field of its topic's events (`select`). */
function Level({ url, topic, log }: { url: string; topic: string; log: Seen & { shown: unknown[] } }) {
  log.renders++
  const { data } = useTopic(url, topic, {
    protocol: levels,
    select: (event) => event.level,
    onMessage: (event) => log.events.push(event),
  })
  log.shown.push(data)
  return <p data-testid="level">{String(data)}</p>
}

type Publish = (data: unknown, options?: PublishOptions) => Promise<void>
const acked = jsonProtocol<Record<string, { event: unknown; publish: unknown }>>({ acks: true })

/** A chat box on one topic: it shows the topic's status and hands its `publish` to the test. */
function Poster(props: { url: string; topic: string; acks?: boolean; durable?: boolean; handshake?: HandshakeFeature; take: (publish: Publish) => void }) {
  const { url, topic, acks, durable, handshake, take } = props
  const { status, publish } = useTopic(url, topic, { protocol: acks ? acked : ticks, durable, handshake })
  take(publish as Publish)
  return <p data-testid={`poster-${topic}`}>{status}</p>
}

/** A component that hands its `request` to the test. */
function Requester({ url, handshake, take }: { url: string; handshake?: HandshakeFeature; take: (request: RequestFunction<RequestMap>) => void }) {
  take(useRequest(url, { handshake }))
  return null
}

const text = (id: string) => screen.getByTestId(id).textContent
const OUTBOX = 'taro-socket-hooks:outbox:'

/**
 * taro-socket-hooks/topics, through React components on a real topic server on 127.0.0.1: the
 * same checks on every emulated platform and through Taro's real H5 runtime.
 */
/** `setup` makes the platform's registry, with `options` (a test's own clock, say) on top of its defaults. */
export function describeTopics(name: string, setup: TopicsSetupFn, features: { background?: boolean } = {}): void {
  describe(`topics on ${name}`, () => {
    let server: TopicServer
    let env: TopicsSetup

    beforeEach(async () => {
      server = await startTopicServer()
      env = setup()
    })
    afterEach(async () => {
      act(() => env.registry.closeAll())
      await until(() => env.registry.stats().active === 0, 'registry empty')
      env.registry.dispose()
      env.teardown()
      for (const key of env.storage.keys()) if (key.startsWith(OUTBOX)) env.storage.removeItem(key)
      await server.close()
    })
    /** What the registry keeps in storage now. */
    const kept = () => env.storage.keys().filter((key) => key.startsWith(OUTBOX))
    /**
     * The app is killed (its sockets die with it, its JS stops: the registry is dropped) and
     * started again: a new registry on the same device storage.
     */
    const coldStart = async (options?: SocketRegistryOptions) => {
      const { device, registry } = env
      cleanup()
      env.teardown()
      act(() => registry.dispose())
      await until(() => server.server.openCount === 0, 'the killed app has no socket at the server')
      env = setup(options, device)
    }
    /** Moves the test clock on a step at a time until `check` holds (bounded like any wait). */
    const advanceUntil = async (clock: TestClock, check: () => boolean, what: string) => {
      const started = Date.now()
      while (!check()) {
        if (Date.now() - started > 30_000) throw new Error(`timed out after 30000 ms waiting for: ${what}`)
        await act(() => clock.advance(10))
        await act(() => settle(5))
      }
    }
    /** A server that acks, and a chat box whose publishes are durable, mounted and subscribed; `mount` again after a cold start. */
    const durableChat = async () => {
      await server.close()
      server = await startTopicServer({ acks: true })
      let publish!: Publish
      const mount = () =>
        render(
          <SocketProvider registry={env.registry}>
            <Poster acks durable url={server.url} topic="room" take={(p) => (publish = p)} />
          </SocketProvider>,
        )
      mount()
      await until(() => text('poster-room') === 'subscribed', 'subscribed')
      return { mount, publish: (data: unknown) => publish(data) }
    }
    /** The topic messages on the server's n-th socket, as `type topic` (`publish` with its data). */
    const framesOn = (n: number) =>
      server.log
        .filter((l) => l.socket === server.server.sockets[n])
        .map(({ message: m }) => `${m.type}${m.topic ? ` ${m.topic}` : ''}${m.type === 'publish' ? ` ${String(m.data)}` : ''}`)

    const TOPICS = Array.from({ length: 20 }, (_, t) => `topic-${t}`)
    /** `perTopic` readers on each of the 20 topics, reader r on topic r % 20. */
    const mountReaders = (perTopic: number, extra?: JSX.Element) => {
      const logs = Array.from({ length: 20 * perTopic }, seen)
      const tree = (readers: boolean, withExtra: boolean) => (
        <SocketProvider registry={env.registry}>
          {readers && logs.map((log, r) => <Reader key={r} id={`r${r}`} url={server.url} topic={TOPICS[r % 20]!} log={log} />)}
          {withExtra && extra}
        </SocketProvider>
      )
      const view = render(tree(true, true))
      return {
        logs,
        topicOf: (r: number) => TOPICS[r % 20]!,
        view,
        rerender: (readers: boolean, withExtra: boolean) => view.rerender(tree(readers, withExtra)),
      }
    }
    const subscribes = () => server.log.filter((l) => l.message.type === 'subscribe')
    const allSubscribed = (count: number) => () => Array.from({ length: count }, (_, r) => text(`r${r}`)!.startsWith('subscribed')).every(Boolean)

    it('shares one socket across 100 components on 20 topics, one subscribe and one unsubscribe per topic', async () => {
      // The library's time is the test's: the grace delay passes when the test says so.
      const clock = createTestClock()
      env.registry.dispose()
      env.teardown()
      env = setup({ clock })
      const { logs, topicOf, view } = mountReaders(5)
      await until(allSubscribed(100), 'every component subscribed')
      expect(server.server.sockets).toHaveLength(1)
      expect(server.count('subscribe')).toBe(20)
      expect(new Set(subscribes().map((l) => l.message.topic))).toEqual(new Set(TOPICS))

      // Five events on every topic, interleaved: each component hears its own topic's, in order, and no other.
      for (let i = 1; i <= 5; i++) for (const topic of TOPICS) server.emit(topic, { topic, n: i })
      await until(() => logs.every((l) => l.events.length >= 5), 'every component heard five events')
      await act(() => settle(30))
      logs.forEach((log, r) => expect(log.events).toEqual([1, 2, 3, 4, 5].map((n) => ({ topic: topicOf(r), n }))))
      logs.forEach((_, r) => expect(text(`r${r}`)).toBe('subscribed undefined 5'))

      // Unmounting everyone: nothing is sent during the grace delay (1 s by default), then one unsubscribe per topic.
      view.unmount()
      await act(() => clock.advance(999))
      await act(() => settle(30))
      expect(server.count('unsubscribe')).toBe(0)
      await act(() => clock.advance(1))
      await until(() => server.count('unsubscribe') === 20, '20 unsubscribes')
      const unsubscribed = server.log.filter((l) => l.message.type === 'unsubscribe').map((l) => l.message.topic)
      expect(new Set(unsubscribed)).toEqual(new Set(TOPICS))
      // …and the socket goes once nothing holds it, after the registry's release delay.
      await act(() => clock.advance(1000))
      await until(() => server.server.openCount === 0 && env.registry.stats().connections === 0, 'socket released')
      expect(server.count('subscribe')).toBe(20)
      expect(server.server.sockets).toHaveLength(1)
    })

    it('subscribes every topic again exactly once after each of 10 server restarts, from the last cursor, replaying or reporting the gap', async () => {
      const extraLog = seen()
      const { logs, topicOf, rerender } = mountReaders(2, <Reader id="extra" url={server.url} topic="leaving" log={extraLog} />)
      await until(() => allSubscribed(40)() && text('extra')!.startsWith('subscribed'), 'every component subscribed')
      // What each topic's readers should have heard, and the last cursor they saw.
      const expected = new Map<string, number[]>(TOPICS.map((t) => [t, []]))
      const lastSeen = new Map<string, number | undefined>(TOPICS.map((t) => [t, undefined]))
      const emit = (topic: string, live: boolean) => {
        const n = server.cursor(topic) + 1
        expect(server.emit(topic, { topic, n })).toBe(n)
        if (live) expected.get(topic)!.push(n)
        return n
      }
      const gapsBefore = () => logs.map((l) => l.gaps)

      for (let round = 1; round <= 10; round++) {
        // Live events: every reader hears them and its topic's cursor moves on.
        for (const topic of TOPICS) lastSeen.set(topic, emit(topic, true))
        await until(() => logs.every((l, r) => l.events.length === expected.get(topicOf(r))!.length), `round ${round}: live events heard`)
        if (round === 5) {
          // A component leaves just before the server goes: its unsubscribe must not be replayed later.
          rerender(true, false)
          await act(() => settle(10))
        }
        const gaps = gapsBefore()
        // The resubscribe must carry the cursor the readers last saw before the drop.
        const since = new Map(lastSeen)
        await act(() => server.server.stop())
        // Missed while down: kept in the server's buffer, except on rounds 3 and 7 for topics 0–4 (forgotten).
        const forgetting = round === 3 || round === 7
        const lostTopic = (topic: string) => forgetting && TOPICS.indexOf(topic) < 5
        for (const topic of TOPICS) {
          emit(topic, !lostTopic(topic))
          emit(topic, !lostTopic(topic))
          if (lostTopic(topic)) server.forget(topic)
          else lastSeen.set(topic, server.cursor(topic))
        }
        await act(() => server.server.start())

        // The leaver is wanted until round 5: subscribed on the first socket and again after rounds 1–4.
        const wanted = round < 5 ? [...TOPICS, 'leaving'] : TOPICS
        await until(() => server.count('subscribe') >= 20 * (round + 1) + 1 + Math.min(round, 4), `round ${round}: resubscribed`)
        await until(
          () => logs.every((l, r) => l.events.length === expected.get(topicOf(r))!.length) && allSubscribed(40)(),
          `round ${round}: missed events replayed`,
        )
        await act(() => settle(20))
        // Exactly one subscribe per topic on the new socket, each from the cursor its readers last saw.
        const socket = server.server.sockets[round]!
        const sent = server.log.filter((l) => l.socket === socket && l.message.type === 'subscribe').map((l) => l.message as ClientMessage)
        expect(sent.map((m) => m.topic).sort()).toEqual([...wanted].sort())
        expect(sent.map((m) => [m.topic, m.since])).toEqual(sent.map((m) => [m.topic, since.get(m.topic!)]))
        // Replayed where the server still had the events; a gap reported (once per reader) where it had not.
        logs.forEach((log, r) => {
          const topic = topicOf(r)
          const heard = expected.get(topic)!
          expect(log.events).toEqual(heard.map((n) => ({ topic, n })))
          expect(log.gaps).toBe(gaps[r]! + (lostTopic(topic) ? 1 : 0))
          expect(text(`r${r}`)).toBe(`subscribed ${String(!lostTopic(topic))} ${heard[heard.length - 1]}`)
        })
      }

      // 20 topics × (1 + 10 restarts), the leaver never after it left; never an unsubscribe, one socket at a time.
      expect(TOPICS.map((t) => server.count('subscribe', t))).toEqual(TOPICS.map(() => 11))
      expect(server.count('subscribe', 'leaving')).toBe(5)
      expect(server.count('subscribe')).toBe(20 * 11 + 5)
      expect(server.count('unsubscribe')).toBe(0)
      expect(server.server.sockets).toHaveLength(11)
      expect(server.server.peakOpen).toBe(1)
      expect(logs.reduce((sum, l) => sum + l.gaps, 0)).toBe(2 * 5 * 2)
    })

    it('matches 1,000 concurrent requests to their replies on one socket, with typed timeouts and lost requests', async () => {
      let request!: RequestFunction<RequestMap>
      render(
        <SocketProvider registry={env.registry}>
          <Requester url={server.url} take={(r) => (request = r)} />
        </SocketProvider>,
      )
      await until(() => env.registry.peek({ url: server.url })?.status === 'open', 'socket open')

      // Replies come back out of order ('later' waits 0–24 ms); one request in 50 never gets one.
      const settled = await act(() =>
        Promise.allSettled(
          Array.from({ length: 1000 }, (_, i) =>
            i % 50 === 0 ? request('never', i, { timeout: 150 }) : i % 2 ? request('later', { value: i, ms: (i * 37) % 25 }) : request('echo', i),
          ),
        ),
      )
      const ids = server.log.filter((l) => l.message.type === 'request').map((l) => l.message.id)
      expect(ids).toHaveLength(1000)
      expect(new Set(ids).size).toBe(1000)
      settled.forEach((outcome, i) => {
        if (i % 50 !== 0) return expect(outcome).toEqual({ status: 'fulfilled', value: i })
        expect(outcome.status).toBe('rejected')
        const reason = (outcome as PromiseRejectedResult).reason as SocketError
        expect(isSocketError(reason)).toBe(true)
        expect(reason.code).toBe('REQUEST_TIMEOUT')
      })
      expect(server.server.sockets).toHaveLength(1)

      // Requests out when the socket drops are lost (REQUEST_LOST), not left hanging until their timeout,
      // which is longer than the test may run.
      const cut = Array.from({ length: 30 }, (_, i) => request('never', i, { timeout: 600_000 }).catch((e: unknown) => e))
      await until(() => server.count('request') === 1030, 'the 30 requests at the server')
      await act(() => server.server.stop())
      const reasons = await act(() => Promise.all(cut))
      for (const reason of reasons) expect([isSocketError(reason), (reason as SocketError).code]).toEqual([true, 'REQUEST_LOST'])
      await act(() => server.server.start())
      expect(await act(() => request('echo', 'after the restart'))).toBe('after the restart')
      expect(server.server.sockets).toHaveLength(2)
      expect(server.server.peakOpen).toBe(1)
    })

    it('re-renders a component only for its own topic, and with select only when the selected value changes', async () => {
      const quiet = seen()
      const busy = seen()
      const level = { ...seen(), shown: [] as unknown[] }
      render(
        <SocketProvider registry={env.registry}>
          <Reader id="quiet" url={server.url} topic="a" log={quiet} />
          <Reader id="busy" url={server.url} topic="b" log={busy} />
          <Level url={server.url} topic="c" log={level} />
        </SocketProvider>,
      )
      await until(() => text('quiet') === 'subscribed undefined -' && text('busy') === 'subscribed undefined -', 'subscribed')
      await until(() => server.subscribers('c') === 1, 'c subscribed')
      await act(() => settle(30))
      const [quietBefore, levelBefore] = [quiet.renders, level.renders]

      for (let n = 1; n <= 100; n++) server.emit('b', { topic: 'b', n })
      await until(() => busy.events.length === 100 && text('busy') === 'subscribed undefined 100', 'b heard 100 events')
      await act(() => settle(50))
      expect(quiet.renders - quietBefore).toBe(0)
      expect(level.renders - levelBefore).toBe(0)
      expect(busy.renders).toBeGreaterThan(1)

      // 50 events on c, each one heard (and rendered if it must be) before the next; the level changes every fifth.
      for (let n = 0; n < 50; n++) {
        server.emit('c', { topic: 'c', level: Math.floor(n / 5), n })
        await until(() => level.events.length === n + 1, `event ${n} on c heard`)
      }
      await until(() => text('level') === '9', 'last level shown')
      await act(() => settle(50))
      expect(level.renders - levelBefore).toBe(10)
      expect(level.shown.slice(-10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(quiet.renders - quietBefore).toBe(0)
      expect(server.server.sockets).toHaveLength(1)
    })
    it('on every open sends the handshake, then every resubscribe, then what was published while the socket was down, in order', async () => {
      const handshake = makeHandshake((socket) => socket.send(JSON.stringify({ type: 'hello', topic: `attempt-${socket.attempt}` })))
      let publish!: Publish
      let request!: RequestFunction<RequestMap>
      const log = seen()
      render(
        <SocketProvider registry={env.registry}>
          <Poster url={server.url} topic="room" handshake={handshake} take={(p) => (publish = p)} />
          <Reader id="prices" url={server.url} topic="prices" log={log} handshake={handshake} />
          <Requester url={server.url} handshake={handshake} take={(r) => (request = r)} />
        </SocketProvider>,
      )
      await until(() => text('poster-room') === 'subscribed' && text('prices')!.startsWith('subscribed'), 'subscribed')
      await act(() => publish('online'))
      const first = framesOn(0)
      expect([first[0], first.slice(1, 3).sort(), first.slice(3)]).toEqual(['hello attempt-0', ['subscribe prices', 'subscribe room'], ['publish room online']])

      // Typed while the server is down: it waits, and on the new socket it must follow the resubscribe.
      await act(() => server.server.stop())
      const offline = [publish('offline 1'), request('echo', 'asked offline'), publish('offline 2'), publish('offline 3')]
      await act(() => server.server.start())
      expect(await act(() => Promise.all(offline))).toEqual([undefined, 'asked offline', undefined, undefined])
      await until(() => framesOn(1).length === 7, 'seven messages on the new socket')
      const frames = framesOn(1)
      expect(frames[0]).toMatch(/^hello attempt-[1-9]/)
      expect(frames.slice(1, 3).sort()).toEqual(['subscribe prices', 'subscribe room'])
      expect(frames.slice(3)).toEqual(['publish room offline 1', 'request', 'publish room offline 2', 'publish room offline 3'])
      // The protocol has no acks here: nothing on the wire carries an id.
      expect(server.log.filter((l) => l.message.type === 'publish').map((l) => l.message.id)).toEqual([undefined, undefined, undefined, undefined])
    })

    it('does not subscribe again a topic whose last component left while the socket was down', async () => {
      const clock = createTestClock()
      env.registry.dispose()
      env.teardown()
      env = setup({ clock })
      const staying = seen()
      const leaving = seen()
      const tree = (withLeaver: boolean) => (
        <SocketProvider registry={env.registry}>
          <Reader id="staying" url={server.url} topic="staying" log={staying} />
          {withLeaver && <Reader id="leaving" url={server.url} topic="leaving" log={leaving} />}
        </SocketProvider>
      )
      const view = render(tree(true))
      await until(() => text('staying')!.startsWith('subscribed') && text('leaving')!.startsWith('subscribed'), 'subscribed')
      await act(() => server.server.stop())
      await until(() => text('staying')!.startsWith('subscribing'), 'the app saw the drop')
      // The component leaves while the socket is down, well within the topic's grace delay (1 s).
      view.rerender(tree(false))
      await act(() => server.server.start())
      await advanceUntil(clock, () => text('staying')!.startsWith('subscribed'), 'resubscribed')
      expect(clock.now()).toBeLessThan(1000)
      await act(() => clock.advance(2000))
      await act(() => settle(30))
      expect(framesOn(1)).toEqual(['subscribe staying'])
      expect(server.count('subscribe', 'leaving')).toBe(1)
      expect(server.count('unsubscribe')).toBe(0)
    })

    it('resolves an acknowledged publish on its ack, rejects one the server refuses with its reason, and times out one never acknowledged', async () => {
      await server.close()
      server = await startTopicServer({ acks: true, refusePublish: (topic) => (topic === 'announcements' ? 'only moderators post here' : undefined) })
      const clock = createTestClock()
      env.registry.dispose()
      env.teardown()
      env = setup({ clock })
      const publishers: Record<string, Publish> = {}
      render(
        <SocketProvider registry={env.registry}>
          <Poster acks url={server.url} topic="room" take={(p) => (publishers.room = p)} />
          <Poster acks url={server.url} topic="announcements" take={(p) => (publishers.announcements = p)} />
        </SocketProvider>,
      )
      await advanceUntil(clock, () => text('poster-room') === 'subscribed' && text('poster-announcements') === 'subscribed', 'subscribed')

      // Pending until the server's ack, not when handed to the socket.
      server.holdAcks = true
      let done = false
      const first = publishers.room!('hello').then(() => (done = true))
      await until(() => server.published.ids.length === 1, 'the server has it')
      await act(() => settle(30))
      expect(done).toBe(false)
      server.holdAcks = false
      server.releaseAcks()
      await act(() => first)
      expect(server.log.filter((l) => l.message.type === 'publish')[0]!.message.id).toEqual(expect.any(String))

      // Refused: a typed error whose cause is the server's reason.
      const refused = await act(() => publishers.announcements!('me too').catch((e: unknown) => e))
      expect(isSocketError(refused) && refused.code).toBe('PUBLISH_REFUSED')
      expect((refused as SocketError).cause).toEqual({ message: 'only moderators post here' })

      // Never acknowledged: ACK_TIMEOUT at its timeout, not a moment before.
      server.holdAcks = true
      let outcome: unknown = 'pending'
      const late = publishers.room!('anyone?', { timeout: 5000 }).then(
        () => (outcome = 'acked'),
        (e: unknown) => (outcome = e),
      )
      await until(() => server.published.ids.length === 2, 'the server has the second')
      await act(() => clock.advance(4999))
      expect(outcome).toBe('pending')
      await act(() => clock.advance(1))
      await act(() => late)
      expect(isSocketError(outcome) && outcome.code).toBe('ACK_TIMEOUT')
    })

    it('sends a publish whose ack was lost with a dropped socket again, with its id, and the server keeps one copy', async () => {
      await server.close()
      server = await startTopicServer({ acks: true })
      let publish!: Publish
      render(
        <SocketProvider registry={env.registry}>
          <Poster acks url={server.url} topic="room" take={(p) => (publish = p)} />
        </SocketProvider>,
      )
      await until(() => text('poster-room') === 'subscribed', 'subscribed')
      server.holdAcks = true
      const sent = Array.from({ length: 5 }, (_, i) => publish(`m${i}`))
      await until(() => server.published.ids.length === 5, 'the server has all five')
      // The socket drops before any ack leaves the server.
      await act(() => server.server.stop())
      server.holdAcks = false
      await act(() => server.server.start())
      await act(() => Promise.all(sent))
      const ids = server.published.ids
      expect(ids).toHaveLength(5)
      expect(ids.map((id) => server.published.copies.get(id))).toEqual([2, 2, 2, 2, 2])
      // Resent after the resubscribe, in order, each event broadcast once.
      expect(framesOn(1)).toEqual(['subscribe room', ...[0, 1, 2, 3, 4].map((i) => `publish room m${i}`)])
      expect(server.cursor('room')).toBe(5)
    })

    it('delivers each of 50 durable messages once after the app is killed mid-backlog and started again, and leaves storage empty', async () => {
      const chat = await durableChat()

      // 50 typed while the server is down: each kept in storage at once.
      await act(() => server.server.stop())
      const outcomes: string[] = Array.from({ length: 50 }, () => 'pending')
      for (let i = 0; i < 50; i++) {
        chat.publish(`m${i}`).then(
          () => (outcomes[i] = 'acked'),
          (e: SocketError) => (outcomes[i] = e.code),
        )
      }
      expect(kept()).toHaveLength(50)

      // The server comes back and takes all 50, but only 20 acks reach the app before it is killed.
      server.holdAcks = true
      await act(() => server.server.start())
      await until(() => server.published.ids.length === 50, 'the server has all 50')
      server.releaseAcks(20)
      await until(() => outcomes.filter((o) => o === 'acked').length === 20, '20 acknowledged')
      expect(kept()).toHaveLength(30)
      const acknowledged = outcomes.flatMap((o, i) => (o === 'acked' ? [server.published.ids[i]!] : []))
      await coldStart()
      server.holdAcks = false
      // The killed app's promises are gone with it; its messages are not.
      expect(outcomes.filter((o) => o === 'DISPOSED')).toHaveLength(30)
      expect(kept()).toHaveLength(30)

      // The next start resends what was never acknowledged, with the same ids; the server keeps one copy of each.
      chat.mount()
      await until(() => kept().length === 0, 'storage empty')
      const { ids, copies } = server.published
      expect(ids).toHaveLength(50)
      expect(acknowledged.map((id) => copies.get(id))).toEqual(acknowledged.map(() => 1))
      expect(ids.filter((id) => copies.get(id) === 2)).toHaveLength(30)
      expect(server.cursor('room')).toBe(50)
      // Every message once, in the order typed.
      const events = server.log.filter((l) => l.message.type === 'publish').map((l) => String(l.message.data))
      expect([...new Set(events)]).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`))
      expect(framesOn(server.server.sockets.length - 1).slice(0, 2)).toEqual(['subscribe room', 'publish room m20'])
    })

    if (features.background) {
      it('delivers durable messages once after the platform kills the sockets of the app in the background and the app is destroyed', async () => {
        const chat = await durableChat()
        // Sent just before the app goes to the background; the server is slow to acknowledge.
        server.holdAcks = true
        const sent = Array.from({ length: 10 }, (_, i) => chat.publish(`m${i}`).catch((e: SocketError) => e.code))
        await until(() => server.published.ids.length === 10, 'the server has all ten')
        act(() => env.app!.hide({ killSockets: true }))
        await until(() => server.server.openCount === 0, 'the platform cut the socket')
        // The app stays in the background until the platform destroys it; the next open is a cold start.
        await coldStart()
        expect(await Promise.all(sent)).toEqual(sent.map(() => 'DISPOSED'))
        expect(kept()).toHaveLength(10)
        server.holdAcks = false
        chat.mount()
        await until(() => kept().length === 0, 'storage empty')
        expect(server.published.ids.map((id) => server.published.copies.get(id))).toEqual(sent.map(() => 2))
        expect(server.cursor('room')).toBe(10)
      })
    }
  })
}
