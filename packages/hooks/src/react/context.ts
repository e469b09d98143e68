import { createContext, useContext } from 'react'
import type { SocketRegistry } from '../core/registry'
import { createSocketRegistry } from '../taro'

export const SocketRegistryContext = createContext<SocketRegistry | null>(null)

let fallback: SocketRegistry | undefined

/** The registry of the nearest SocketProvider, or one shared default registry without a provider. */
export function useSocketRegistry(): SocketRegistry {
  const registry = useContext(SocketRegistryContext)
  if (registry) return registry
  fallback ??= createSocketRegistry()
  return fallback
}
