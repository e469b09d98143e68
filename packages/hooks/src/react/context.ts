import { createContext, useContext } from 'react'
import type { SocketRegistry } from '../core/registry'
import { defaultSocketRegistry } from '../taro'

export const SocketRegistryContext = createContext<SocketRegistry | null>(null)

/** The registry of the nearest SocketProvider, or the one default registry without a provider. */
export function useSocketRegistry(): SocketRegistry {
  return useContext(SocketRegistryContext) || defaultSocketRegistry()
}
