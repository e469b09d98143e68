/**
 * taro-socket-hooks/vue: Vue 3 composables over the same registry as the React hooks. Install the
 * plugin (app.use(createSocketPlugin())) or provide a registry in a component; composables give
 * their share of a socket back when their component unmounts or their effectScope stops.
 */
export { createSocketPlugin, provideSocketRegistry, useSocketRegistry, type SocketPluginOptions } from './vue/registry'
export { useSocket, type UseSocketOptions, type UseSocketResult } from './vue/useSocket'
export { useSocketStats } from './vue/useSocketStats'

// The registry and the framework-free core, as taro-socket-hooks/core has them.
export * from './framework-free'
