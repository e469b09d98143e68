import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { SocketError } from '../core/errors'
import type { Field, Protocol } from '../core/protocol'
import type { TopicsOf } from '../core/typed'
import { trackedView } from '../core/store'
import { createTopicSubscription, TOPIC_FIELDS, type TopicField, type TopicSubscriptionOptions } from '../core/subscription'
import { SUBSCRIBING, UNSUBSCRIBED, type PublishOptions, type TopicStatus } from '../core/topics'
import type { SocketRequest } from '../core/request'
import { useSocketRegistry } from './context'

export type { TopicsOf }

export interface UseTopicOptions<P, Event, Selected> extends Omit<TopicSubscriptionOptions<Event, Selected>, 'protocol'> {
  /** How the server speaks (defineProtocol or jsonProtocol); the JSON protocol by default. Keep it stable (module level). */
  protocol?: P
}

export interface UseTopicResult<Selected, Publish> {
  /** subscribing, subscribed, unsubscribed (the socket closed for good) or error (the server refused) */
  readonly status: TopicStatus
  /** The topic's last event (after `parse` and `select`). */
  readonly data: Selected | undefined
  readonly error: SocketError | null
  /** After a reconnect: whether the server replayed what was missed; undefined before. */
  readonly recovered: boolean | undefined
  /**
   * Publishes to this topic (the protocol's `publish`); queued before open. With a protocol that
   * acks it resolves on the server's ack; `durable` keeps it in storage until then.
   */
  publish(data: Publish, options?: PublishOptions): Promise<void>
}

/**
 * Subscribes this component to a topic over the socket for `url`, shared with every other
 * component on that URL: one subscribe message per topic however many components use it,
 * resubscribed after every reconnect. Re-renders only for its own topic, and only for the fields
 * it reads.
 */
export function useTopic<
  P extends Protocol<unknown, unknown> | undefined = undefined,
  K extends keyof TopicsOf<P> & string = keyof TopicsOf<P> & string,
  Selected = Field<TopicsOf<P>, K, 'event'>,
>(
  url: SocketRequest['url'] | null,
  topic: K,
  options: UseTopicOptions<P, Field<TopicsOf<P>, K, 'event'>, Selected> = {},
): UseTopicResult<Selected, Field<TopicsOf<P>, K, 'publish'>> {
  const registry = useSocketRegistry()
  const [subscription] = useState(() => createTopicSubscription<Selected, Field<TopicsOf<P>, K, 'publish'>>(registry, url, topic, options as never))

  useEffect(() => {
    subscription.setOptions(url, topic, options as never)
  })

  const version = useSyncExternalStore(subscription.subscribe, subscription.getVersion, subscription.getVersion)

  // A new view for each version (read by no code inside, hence the lint exception), so that what
  // depends on the result sees the change.
  return useMemo(() => {
    // In the render that changed the URL or topic, before the effect moves the subscription: nothing of the old one.
    let moved: Partial<Record<TopicField, unknown>> | undefined
    if (!subscription.follows(url, topic)) moved = url === null ? UNSUBSCRIBED : SUBSCRIBING
    // Each field, when read, subscribes this component to its changes.
    const read = (field: TopicField) => {
      subscription.track(field)
      return moved ? moved[field] : subscription[field]
    }
    return trackedView(TOPIC_FIELDS, read, { publish: subscription.publish }) as UseTopicResult<Selected, Field<TopicsOf<P>, K, 'publish'>>
  }, [subscription, version, url, topic]) // eslint-disable-line react-hooks/exhaustive-deps
}
