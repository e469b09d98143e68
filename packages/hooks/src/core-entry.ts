/**
 * taro-socket-hooks/core: the connection registry, the observer and topic stores the hooks and
 * composables are made of, the topics client and protocols, and errors. Imports neither React
 * nor Vue: for plain TypeScript (a store, a service) or a framework of your own.
 */
export * from './framework-free'
export * from './framework-free-topics'
// The topic store useTopic (React) and useTopic (Vue) are made of, for a framework of your own:
// subscribe, track the fields a view reads, read them.
export { createTopicSubscription, type TopicField, type TopicSubscription } from './core/subscription'
