import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { SocketRegistry, SocketRegistryOptions } from '../core/registry'
import { createSocketRegistry } from '../taro'
import { SocketRegistryContext } from './context'

export interface SocketProviderProps extends SocketRegistryOptions {
  /** Use this registry instead of making one from the other props; it stays yours to dispose. */
  registry?: SocketRegistry
  children?: ReactNode
}

/**
 * Puts a connection registry at the root of the app. The registry is made once, on
 * first render (later changes to the option props are not applied), and disposed when the
 * provider unmounts: its sockets close and its app listeners go.
 */
export function SocketProvider({ registry, children, ...options }: SocketProviderProps) {
  const [own] = useState(() => (registry ? null : createSocketRegistry(options)))
  const pendingDispose = useRef<ReturnType<typeof setTimeout>>()

  useEffect(() => {
    if (!own) return
    // StrictMode unmounts and mounts again at once: a dispose deferred by a tick is cancelled
    // by the second mount, so its sockets are neither closed nor opened twice.
    clearTimeout(pendingDispose.current)
    return () => {
      pendingDispose.current = setTimeout(own.dispose, 0)
    }
  }, [own])

  return <SocketRegistryContext.Provider value={registry || own}>{children}</SocketRegistryContext.Provider>
}
