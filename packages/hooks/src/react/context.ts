import { createContext, useContext } from 'react'
import { SocketRegistry } from '../core/registry'

export const SocketRegistryContext = createContext<SocketRegistry | null>(null)

let fallback: SocketRegistry | undefined

/** The registry of the nearest SocketProvider, or one shared default registry without a provider. */
export function useSocketRegistry(): SocketRegistry {
  const registry = useContext(SocketRegistryContext)
  if (registry) return registry
  fallback ??= new SocketRegistry()
  return fallback
}
