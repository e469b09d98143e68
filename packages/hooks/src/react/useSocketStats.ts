import { useRef, useSyncExternalStore } from 'react'
import type { SocketRegistryStats } from '../core/registry'
import { useSocketRegistry } from './context'

const same = (a: SocketRegistryStats, b: SocketRegistryStats) =>
  a.maxConnections === b.maxConnections && a.active === b.active && a.abandoned === b.abandoned && a.queued === b.queued && a.connections === b.connections

/** The registry's slots and queue, re-rendering only when they change. */
export function useSocketStats(): SocketRegistryStats {
  const registry = useSocketRegistry()
  const last = useRef<SocketRegistryStats>()
  // A new function each render is fine: the subscription depends on `registry.watch` alone.
  const read = () => {
    const now = registry.stats()
    // Keep the same object while nothing changed: useSyncExternalStore compares by identity.
    if (!last.current || !same(last.current, now)) last.current = now
    return last.current
  }
  return useSyncExternalStore(registry.watch, read, read)
}
