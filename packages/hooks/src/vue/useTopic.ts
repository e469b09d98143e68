import { toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import type { SocketError } from '../core/errors'
import type { Field, Protocol } from '../core/protocol'
import { createTopicSubscription, type TopicField, type TopicSubscriptionOptions } from '../core/subscription'
import type { TopicStatus, PublishOptions } from '../core/topics'
import type { TopicsOf } from '../core/typed'
import { useSocketRegistry } from './registry'
import { storeView, requireScope } from './scope'

const FIELDS: readonly TopicField[] = ['status', 'data', 'error', 'recovered']

/** useTopic's options; give a ref or a getter (`() => ({ enabled: visible.value })`) for options that change. */
export type UseTopicOptions<P, Event, Selected> = Omit<TopicSubscriptionOptions<Event, Selected>, 'protocol'> & {
  /** How the server speaks (defineProtocol or jsonProtocol); the JSON protocol by default. Keep it stable (module level). */
  protocol?: P
}

export interface UseTopicResult<Selected, Publish> {
  /** subscribing, subscribed, unsubscribed (the socket closed for good) or error (the server refused) */
  readonly status: Readonly<Ref<TopicStatus>>
  /** The topic's last event (after `parse` and `select`). */
  readonly data: Readonly<Ref<Selected | undefined>>
  readonly error: Readonly<Ref<SocketError | null>>
  /** After a reconnect: whether the server replayed what was missed; undefined before. */
  readonly recovered: Readonly<Ref<boolean | undefined>>
  /**
   * Publishes to this topic (the protocol's `publish`); queued before open. With a protocol that
   * acks it resolves on the server's ack; `durable` keeps it in storage until then.
   */
  publish(data: Publish, options?: PublishOptions): Promise<void>
}

/**
 * Subscribes this component (or effectScope) to a topic over the socket for `url`, shared with
 * every other user of that URL: one subscribe message per topic however many use it, resubscribed
 * after every reconnect. `url`, `topic` and `options` may be refs or getters; a new URL or topic
 * moves the subscription. A component re-renders only for its own topic, and only for the refs it
 * reads (with `select`, only when the selected value changes). Left when the scope ends.
 */
export function useTopic<
  P extends Protocol<unknown, unknown> | undefined = undefined,
  K extends keyof TopicsOf<P> & string = keyof TopicsOf<P> & string,
  Selected = Field<TopicsOf<P>, K, 'event'>,
>(
  url: MaybeRefOrGetter<string | null>,
  topic: MaybeRefOrGetter<K>,
  options: MaybeRefOrGetter<UseTopicOptions<P, Field<TopicsOf<P>, K, 'event'>, Selected>> = {},
): UseTopicResult<Selected, Field<TopicsOf<P>, K, 'publish'>> {
  requireScope()
  const read = () => [toValue(url), toValue(topic), toValue(options as never) as TopicSubscriptionOptions<never, Selected>] as const
  const [firstUrl, firstTopic, firstOptions] = read()
  const subscription = createTopicSubscription<Selected, Field<TopicsOf<P>, K, 'publish'>>(useSocketRegistry(), firstUrl, firstTopic, firstOptions)
  watch(read, ([nextUrl, nextTopic, next]) => subscription.setOptions(nextUrl, nextTopic, next), { flush: 'sync' })
  return storeView(subscription, FIELDS, ['publish'])
}
