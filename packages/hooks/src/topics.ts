/**
 * taro-socket-hooks/topics: many live features over one socket. Topics with one subscribe message
 * each however many components read them, resubscribed after every reconnect; requests matched
 * to their replies; typed by a protocol the app defines once. A separate entry, so that apps
 * that do not use it do not ship it.
 */
export { useTopic, type TopicsOf, type UseTopicOptions, type UseTopicResult } from './react/useTopic'
export { useRequest, type RequestFunction, type RequestsOf, type UseRequestOptions } from './react/useRequest'
export {
  topicClient,
  type PublishOptions,
  type RequestOptions,
  type TopicClient,
  type TopicClientOptions,
  type TopicListener,
  type TopicState,
  type TopicStatus,
} from './core/topics'
export type { TopicSubscriptionOptions } from './core/subscription'
export { durableOutbox, type DurableOptions, type DurableOutboxes, type DurableStorage } from './core/durable'
export { taroStorage, type TaroStorageApi } from './taro/storage'
export {
  defineProtocol,
  jsonProtocol,
  type Cursor,
  type Field,
  type Incoming,
  type Protocol,
  type RequestMap,
  type RequestSpec,
  type TopicMap,
  type TopicSpec,
} from './core/protocol'
