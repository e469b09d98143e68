// React layer: the provider at the root, the hooks in components.
export { SocketProvider, type SocketProviderProps } from './react/SocketProvider'
export { useSocket, type UseSocketOptions, type UseSocketResult } from './react/useSocket'
export { useSocketRegistry } from './react/context'
export { useSocketStats } from './react/useSocketStats'

// The registry and the framework-free core, as taro-socket-hooks/core has them.
export * from './framework-free'
