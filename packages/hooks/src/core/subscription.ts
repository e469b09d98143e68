import { rejectNoSocket, socketError, type SocketError } from './errors'
import type { Protocol } from './protocol'
import type { SocketRegistry } from './registry'
import type { SocketRequest } from './request'
import { createListeners, type Store } from './store'
import { topicClient, SUBSCRIBING, UNSUBSCRIBED, type PublishOptions, type TopicClient, type TopicListener, type TopicState, type TopicStatus } from './topics'

export interface TopicSubscriptionOptions<Event = unknown, Selected = Event> extends Omit<SocketRequest, 'url' | 'exclusive'> {
  /** How the server speaks; the JSON protocol (jsonProtocol()) by default. Keep it stable (module level). */
  protocol?: Protocol
  /** Sent with the subscribe message by the topic's first subscriber. */
  params?: unknown
  /** false leaves the topic. Default true. */
  enabled?: boolean
  /** Checks or converts each event (a schema's parse); a throw skips the event with PARSE_FAILED. */
  parse?: (data: unknown) => Event
  /** The part of the event this subscriber reads; it re-renders only when that changes (Object.is). */
  select?: (event: Event) => Selected
  onMessage?: (event: Event) => void
  /** After a reconnect the server could not replay what was missed on this topic. */
  onGap?: () => void
  onError?: (error: SocketError) => void
  /** Every publish from here is durable unless its own options say otherwise (needs the registry's `durable`). */
  durable?: boolean
}

export type TopicField = 'status' | 'data' | 'error' | 'recovered'

/** The fields a subscriber can read, in the order a hook's result shows them. */
export const TOPIC_FIELDS: readonly TopicField[] = ['status', 'data', 'error', 'recovered']

/** One subscriber's view of a topic (a component's, through useTopic). */
export interface TopicSubscription<Selected = unknown, Publish = unknown> extends Store<TopicField> {
  readonly status: TopicStatus
  /** The last event, parsed and selected. */
  readonly data: Selected | undefined
  readonly error: SocketError | null
  readonly recovered: boolean | undefined
  /**
   * Whether it follows this URL and topic (it moves after the render that changed them).
   * @internal
   */
  follows(url: SocketRequest['url'] | null, topic: string): boolean
  setOptions(url: SocketRequest['url'] | null, topic: string, options?: TopicSubscriptionOptions<never, Selected>): void
  publish(data: Publish, options?: PublishOptions): Promise<void>
}

/** Keeps one subscriber's selected data and tells it only about changes to what it read. */
export function createTopicSubscription<Selected = unknown, Publish = unknown>(
  registry: SocketRegistry,
  initialUrl: SocketRequest['url'] | null,
  initialTopic: string,
  initialOptions: TopicSubscriptionOptions<never, Selected> = {},
): TopicSubscription<Selected, Publish> {
  let url = initialUrl
  let topic = initialTopic
  let options = initialOptions
  let client: TopicClient | null = null
  let leave: (() => void) | null = null
  let own: SocketError | null = null
  let data: Selected | undefined
  // Events are frequent and tracked on their own; the topic's state changes seldom, so reading
  // any of status, error or recovered subscribes to all three.
  let tracksData = false
  let tracksState = false
  let lastError: SocketError | null = null

  // The socket it follows, as the registry keys sockets; null for none, '' for an invalid request.
  const keyOf = (): string | null => {
    if (url === null || options.enabled === false) return null
    try {
      return registry.resolve({ ...options, url }).key
    } catch {
      return ''
    }
  }
  let key = keyOf()

  // Before it attaches (the first render), a subscriber that will subscribe shows subscribing.
  const state = (): TopicState => {
    if (client) return client.topic(topic)
    return key && !own ? SUBSCRIBING : UNSUBSCRIBED
  }
  const error = (): SocketError | null => own || state().error

  const changed = (): void => {
    const now = error()
    if (now && now !== lastError && options.onError) options.onError(now)
    lastError = now
    if (tracksState) listeners.notify()
  }
  const fail = (error: SocketError): void => {
    own = error
    changed()
  }

  const listener: TopicListener = {
    onEvent(raw) {
      let event: unknown = raw
      let next: Selected
      try {
        if (options.parse) event = options.parse(raw)
        next = options.select ? options.select(event as never) : (event as Selected)
      } catch (thrown) {
        fail(socketError('PARSE_FAILED', {}, { cause: thrown }))
        return
      }
      if (options.onMessage) options.onMessage(event as never)
      if (Object.is(next, data)) return
      data = next
      if (tracksData) listeners.notify()
    },
    onChange: changed,
    onGap() {
      if (options.onGap) options.onGap()
    },
  }

  const attach = (): void => {
    if (key === null || leave) return
    try {
      client = topicClient(registry, { ...options, url: url! }, options.protocol)
      leave = client.subscribe(topic, listener, options.params)
    } catch (thrown) {
      fail(thrown as SocketError)
    }
    changed()
  }
  const detach = (): void => {
    if (leave) leave()
    leave = null
    client = null
  }
  const listeners = createListeners(attach, detach)

  return {
    get status() {
      return state().status
    },
    get data() {
      return data
    },
    get error() {
      return error()
    },
    get recovered() {
      return state().recovered
    },
    follows: (otherUrl, otherTopic) => otherUrl === url && otherTopic === topic,
    track(field) {
      if (field === 'data') tracksData = true
      else tracksState = true
    },
    setOptions(nextUrl, nextTopic, next = {}) {
      const { protocol } = options
      options = next
      url = nextUrl
      // Called on every render: inline `data`, `header` or functions that pick the same socket change nothing.
      const nextKey = keyOf()
      if (nextKey === key && nextTopic === topic && next.protocol === protocol) return
      key = nextKey
      topic = nextTopic
      own = null
      data = undefined
      if (listeners.watched) {
        detach()
        attach()
      }
      listeners.notify()
    },
    subscribe: listeners.subscribe,
    getVersion: listeners.getVersion,
    publish(value, sendOptions) {
      if (!client) return rejectNoSocket(own)
      const { durable } = options
      return client.publish(topic, value as never, durable === undefined ? sendOptions : { durable, ...sendOptions })
    },
  }
}
