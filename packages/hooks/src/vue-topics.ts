/**
 * taro-socket-hooks/vue/topics: many live features over one socket, as Vue composables. A separate
 * entry, so that apps that do not use it do not ship it.
 */
export { useTopic, type UseTopicOptions, type UseTopicResult } from './vue/useTopic'
export { useRequest, type UseRequestOptions } from './vue/useRequest'
export * from './framework-free-topics'
