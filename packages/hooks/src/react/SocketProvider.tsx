import { useState, type ReactNode } from 'react'
import { SocketRegistry, type SocketRegistryOptions } from '../core/registry'
import { SocketRegistryContext } from './context'

export interface SocketProviderProps extends SocketRegistryOptions {
  /** Use this registry instead of making one from the other props. */
  registry?: SocketRegistry
  children?: ReactNode
}

/**
 * Puts a connection registry at the root of the app. The registry is made once, on
 * first render; later changes to the option props are not applied.
 */
export function SocketProvider({ registry, children, ...options }: SocketProviderProps) {
  const [own] = useState(() => registry ?? new SocketRegistry(options))
  return <SocketRegistryContext.Provider value={registry ?? own}>{children}</SocketRegistryContext.Provider>
}
