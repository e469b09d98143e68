import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref, type PropType } from 'vue'
import { isSocketError, type SocketError } from '../../src/core/errors'
import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import { createTestClock } from '../../src/testing/clock'
import { settle, waitFor } from '../../src/testing/wait'
import { createSocketRegistry } from '../../src/taro'
import { createSocketPlugin } from '../../src/vue'
import { jsonProtocol, useRequest, useTopic, type RequestFunction, type RequestMap } from '../../src/vue-topics'
import { startTopicServer, type ClientMessage, type TopicServer } from './topic-server'

export interface VueTopicsSetup {
  /** Options that make a registry on this platform. */
  options: SocketRegistryOptions
  teardown(): void
}

/** What the topic server sends on every topic: the topic it was meant for and its sequence number. */
interface Tick {
  topic: string
  n: number
  level?: number
}

/** What one mounted component heard and how often it rendered. */
interface Seen {
  events: Tick[]
  gaps: number
  renders: number
}
const seen = (): Seen => ({ events: [], gaps: 0, renders: 0 })

const ticks = jsonProtocol<Record<string, { event: Tick }>>()

/** A component reading one topic: it shows the status, whether the gap was replayed and the last event. */
const Reader = defineComponent({
  props: {
    url: { type: String, required: true },
    topic: { type: String, required: true },
    id: { type: String, required: true },
    log: { type: Object as PropType<Seen>, required: true },
  },
  setup(props) {
    const { status, recovered, data } = useTopic(props.url, () => props.topic, {
      protocol: ticks,
      onMessage: (event) => props.log.events.push(event),
      onGap: () => props.log.gaps++,
    })
    return () => {
      props.log.renders++
      return h('p', { 'data-testid': props.id }, `${status.value} ${String(recovered.value)} ${data.value ? data.value.n : '-'}`)
    }
  },
})

/** A component that reads only the level of its topic's events (`select`). */
const Level = defineComponent({
  props: { url: { type: String, required: true }, log: { type: Object as PropType<Seen>, required: true } },
  setup(props) {
    const { data } = useTopic(props.url, 'c', { protocol: ticks, select: (event) => event.level, onMessage: (event) => props.log.events.push(event) })
    return () => {
      props.log.renders++
      return h('p', { 'data-testid': 'level' }, String(data.value))
    }
  },
})

const TOPICS = Array.from({ length: 20 }, (_, t) => `topic-${t}`)

/**
 * taro-socket-hooks/vue/topics through Vue 3 components on the topic server the React suite uses
 * (test/support/topic-server.ts), on 127.0.0.1.
 */
export function describeVueTopics(name: string, setup: (options?: SocketRegistryOptions) => VueTopicsSetup): void {
  describe(`Vue topics on ${name}`, () => {
    let server: TopicServer
    let env: VueTopicsSetup
    let registry: SocketRegistry
    let wrapper: VueWrapper | undefined
    // Ten restarts come faster than `stableAfter` (5 s) lets the retry count start over: allow more retries in a row.
    const RECONNECT = { minDelay: 5, maxDelay: 20, maxAttempts: 100 }
    const use = (options: SocketRegistryOptions = {}) => {
      env = setup({ releaseDelay: 20, reconnect: RECONNECT, ...options })
      registry = createSocketRegistry(env.options)
    }

    beforeEach(async () => {
      server = await startTopicServer()
      use()
    })
    afterEach(async () => {
      wrapper?.unmount()
      wrapper = undefined
      registry.dispose()
      env.teardown()
      await server.close()
    })

    /** `perTopic` readers on each of the 20 topics, reader r on topic r % 20; `extra` a reader that can leave. */
    const mountReaders = (perTopic: number, extra?: Seen) => {
      const logs = Array.from({ length: 20 * perTopic }, seen)
      const extraShown = ref(!!extra)
      wrapper = mount(
        defineComponent({
          setup: () => () => [
            ...logs.map((log, r) => h(Reader, { key: r, id: `r${r}`, url: server.url, topic: TOPICS[r % 20]!, log })),
            extraShown.value && extra ? h(Reader, { key: 'extra', id: 'extra', url: server.url, topic: 'leaving', log: extra }) : null,
          ],
        }),
        { global: { plugins: [createSocketPlugin({ registry })] } },
      )
      return { logs, topicOf: (r: number) => TOPICS[r % 20]!, extraShown }
    }
    const text = (id: string) => wrapper!.find(`[data-testid="${id}"]`).text()
    const allSubscribed = (count: number) => () => Array.from({ length: count }, (_, r) => text(`r${r}`).startsWith('subscribed')).every(Boolean)

    it('shares one socket across 100 components on 20 topics, one subscribe and one unsubscribe per topic', async () => {
      // The library's time is the test's: the grace delay passes when the test says so.
      const clock = createTestClock()
      registry.dispose()
      env.teardown()
      use({ clock })
      const { logs, topicOf } = mountReaders(5)
      await waitFor(allSubscribed(100), 'every component subscribed')
      expect(server.server.sockets).toHaveLength(1)
      expect(server.count('subscribe')).toBe(20)

      for (let i = 1; i <= 5; i++) for (const topic of TOPICS) server.emit(topic, { topic, n: i })
      await waitFor(() => logs.every((l) => l.events.length >= 5), 'every component heard five events')
      await waitFor(() => logs.every((_, r) => text(`r${r}`) === 'subscribed undefined 5'), 'every component shows the fifth')
      await settle(30)
      logs.forEach((log, r) => expect(log.events).toEqual([1, 2, 3, 4, 5].map((n) => ({ topic: topicOf(r), n }))))

      // Unmounting everyone: nothing is sent during the grace delay (1 s by default), then one unsubscribe per topic.
      wrapper!.unmount()
      wrapper = undefined
      await clock.advance(999)
      await settle(30)
      expect(server.count('unsubscribe')).toBe(0)
      await clock.advance(1)
      await waitFor(() => server.count('unsubscribe') === 20, '20 unsubscribes')
      expect(new Set(server.log.filter((l) => l.message.type === 'unsubscribe').map((l) => l.message.topic))).toEqual(new Set(TOPICS))
      await clock.advance(1000)
      await waitFor(() => server.server.openCount === 0 && registry.stats().connections === 0, 'socket released')
      expect(server.server.sockets).toHaveLength(1)
    })

    it('subscribes every topic again exactly once after each of 10 server restarts, from the last cursor, replaying what was missed', async () => {
      const extra = seen()
      const { logs, topicOf, extraShown } = mountReaders(2, extra)
      await waitFor(() => allSubscribed(40)() && text('extra').startsWith('subscribed'), 'every component subscribed')
      const expected = new Map<string, number[]>(TOPICS.map((t) => [t, []]))
      const emit = (topic: string) => {
        const n = server.cursor(topic) + 1
        server.emit(topic, { topic, n })
        expected.get(topic)!.push(n)
      }
      for (let round = 1; round <= 10; round++) {
        for (const topic of TOPICS) emit(topic)
        await waitFor(() => logs.every((l, r) => l.events.length === expected.get(topicOf(r))!.length), `round ${round}: live events heard`)
        if (round === 5) {
          // A component leaves just before the server goes: its topic must not be subscribed again.
          extraShown.value = false
          await settle(10)
        }
        const since = new Map(TOPICS.map((t) => [t, server.cursor(t)]))
        await server.server.stop()
        // Missed while down, kept in the server's buffer: replayed on resubscribe.
        for (const topic of TOPICS) emit(topic)
        await server.server.start()
        await waitFor(
          () => logs.every((l, r) => l.events.length === expected.get(topicOf(r))!.length) && allSubscribed(40)(),
          `round ${round}: missed events replayed`,
        )
        await settle(20)
        const socket = server.server.sockets[round]!
        const sent = server.log.filter((l) => l.socket === socket && l.message.type === 'subscribe').map((l) => l.message as ClientMessage)
        const wanted = round < 5 ? [...TOPICS, 'leaving'] : TOPICS
        expect(sent.map((m) => m.topic).sort()).toEqual([...wanted].sort())
        expect(sent.filter((m) => m.topic !== 'leaving').map((m) => [m.topic, m.since])).toEqual(
          sent.filter((m) => m.topic !== 'leaving').map((m) => [m.topic, since.get(m.topic!)]),
        )
      }
      logs.forEach((log, r) => expect(log.events).toEqual(expected.get(topicOf(r))!.map((n) => ({ topic: topicOf(r), n }))))
      logs.forEach((log, r) => expect(text(`r${r}`)).toBe(`subscribed true ${expected.get(topicOf(r))!.at(-1)}`))
      expect(logs.every((l) => l.gaps === 0)).toBe(true)
      expect(TOPICS.map((t) => server.count('subscribe', t))).toEqual(TOPICS.map(() => 11))
      expect(server.count('subscribe', 'leaving')).toBe(5)
      expect(server.count('unsubscribe')).toBe(0)
      expect(server.server.sockets).toHaveLength(11)
      expect(server.server.peakOpen).toBe(1)
    })

    it('matches 1,000 concurrent requests to their replies on one socket, with typed timeouts and lost requests', async () => {
      let request!: RequestFunction<RequestMap>
      wrapper = mount(
        defineComponent({
          setup() {
            request = useRequest(server.url)
            return () => null
          },
        }),
        { global: { plugins: [createSocketPlugin({ registry })] } },
      )
      await waitFor(() => registry.peek({ url: server.url })?.status === 'open', 'socket open')
      const settled = await Promise.allSettled(
        Array.from({ length: 1000 }, (_, i) =>
          i % 50 === 0 ? request('never', i, { timeout: 150 }) : i % 2 ? request('later', { value: i, ms: (i * 37) % 25 }) : request('echo', i),
        ),
      )
      const ids = server.log.filter((l) => l.message.type === 'request').map((l) => l.message.id)
      expect(new Set(ids).size).toBe(1000)
      settled.forEach((outcome, i) => {
        if (i % 50 !== 0) return expect(outcome).toEqual({ status: 'fulfilled', value: i })
        const reason = (outcome as PromiseRejectedResult).reason as SocketError
        expect([isSocketError(reason), reason.code]).toEqual([true, 'REQUEST_TIMEOUT'])
      })
      const cut = Array.from({ length: 30 }, (_, i) => request('never', i, { timeout: 600_000 }).catch((e: unknown) => e))
      await waitFor(() => server.count('request') === 1030, 'the 30 requests at the server')
      await server.server.stop()
      for (const reason of await Promise.all(cut)) expect([isSocketError(reason), (reason as SocketError).code]).toEqual([true, 'REQUEST_LOST'])
      await server.server.start()
      expect(await request('echo', 'after the restart')).toBe('after the restart')
      expect(server.server.sockets).toHaveLength(2)
      expect(server.server.peakOpen).toBe(1)
    })

    it('re-renders a component only for its own topic, and with select only when the selected value changes', async () => {
      const quiet = seen()
      const busy = seen()
      const level = seen()
      wrapper = mount(
        defineComponent({
          setup: () => () => [
            h(Reader, { id: 'quiet', url: server.url, topic: 'a', log: quiet }),
            h(Reader, { id: 'busy', url: server.url, topic: 'b', log: busy }),
            h(Level, { url: server.url, log: level }),
          ],
        }),
        { global: { plugins: [createSocketPlugin({ registry })] } },
      )
      await waitFor(
        () => text('quiet') === 'subscribed undefined -' && text('busy') === 'subscribed undefined -' && server.subscribers('c') === 1,
        'subscribed',
      )
      await settle(30)
      const [quietBefore, levelBefore] = [quiet.renders, level.renders]
      for (let n = 1; n <= 100; n++) server.emit('b', { topic: 'b', n })
      await waitFor(() => busy.events.length === 100 && text('busy') === 'subscribed undefined 100', 'b heard 100 events')
      await settle(30)
      expect([quiet.renders - quietBefore, level.renders - levelBefore]).toEqual([0, 0])
      for (let n = 0; n < 50; n++) {
        server.emit('c', { topic: 'c', level: Math.floor(n / 5), n })
        await waitFor(() => level.events.length === n + 1, `event ${n} on c heard`)
        await settle(1)
      }
      await waitFor(() => text('level') === '9', 'last level shown')
      await settle(30)
      // One render per new level at most (Vue batches renders per tick), never one per event.
      expect(level.renders - levelBefore).toBeGreaterThanOrEqual(1)
      expect(level.renders - levelBefore).toBeLessThanOrEqual(10)
      expect(quiet.renders - quietBefore).toBe(0)
      expect(server.server.sockets).toHaveLength(1)
    })
  })
}
