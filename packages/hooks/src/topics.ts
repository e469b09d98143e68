/**
 * taro-socket-hooks/topics: many live features over one socket. Topics with one subscribe message
 * each however many components read them, resubscribed after every reconnect; requests matched
 * to their replies; typed by a protocol the app defines once. A separate entry, so that apps
 * that do not use it do not ship it.
 */
export { useTopic, type UseTopicOptions, type UseTopicResult } from './react/useTopic'
export { useRequest, type UseRequestOptions } from './react/useRequest'
export * from './framework-free-topics'
