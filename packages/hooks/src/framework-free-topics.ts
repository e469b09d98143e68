// The topics API's framework-free part, exported by taro-socket-hooks/topics (React),
// taro-socket-hooks/vue/topics and taro-socket-hooks/core alike.
export type { RequestFunction, RequestsOf, TopicsOf } from './core/typed'
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
