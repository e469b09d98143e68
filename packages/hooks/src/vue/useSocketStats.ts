import { onScopeDispose, shallowReactive } from 'vue'
import type { SocketRegistryStats } from '../core/registry'
import { useSocketRegistry } from './registry'
import { requireScope } from './scope'

/**
 * The registry's slots and queue, as a reactive object kept up to date (read `stats.active`,
 * `stats.queued`…): a component re-renders only when a field it reads changes.
 */
export function useSocketStats(): Readonly<SocketRegistryStats> {
  requireScope()
  const registry = useSocketRegistry()
  const stats = shallowReactive(registry.stats())
  // A reactive object triggers only for the fields whose values are new.
  onScopeDispose(registry.watch(() => Object.assign(stats, registry.stats())))
  return stats
}
