import { act, render, screen } from '@testing-library/react'
import { SocketProvider } from '../../src'
import { isSocketError, type SocketError } from '../../src/core/errors'
import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import { createTestClock } from '../../src/testing/clock'
import { jsonProtocol, useRequest, useTopic, type RequestFunction, type RequestMap } from '../../src/topics'
import { startTopicServer, type ClientMessage, type TopicServer } from './topic-server'
import { settle, until } from './wait'

export interface TopicsSetup {
  registry: SocketRegistry
  teardown(): void
}

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
function Reader({ url, topic, id, log }: { url: string; topic: string; id: string; log: Seen }) {
  log.renders++
  const { status, recovered, data } = useTopic(url, topic, {
    protocol: ticks,
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

/** A component that hands its `request` to the test. */
function Requester({ url, take }: { url: string; take: (request: RequestFunction<RequestMap>) => void }) {
  take(useRequest(url))
  return null
}

const text = (id: string) => screen.getByTestId(id).textContent

/**
 * taro-socket-hooks/topics, through React components on a real topic server on 127.0.0.1: the
 * same checks on every emulated platform and through Taro's real H5 runtime.
 */
/** `setup` makes the platform's registry, with `options` (a test's own clock, say) on top of its defaults. */
export function describeTopics(name: string, setup: (options?: SocketRegistryOptions) => TopicsSetup): void {
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
      await server.close()
    })

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
  })
}
