import type { Feature } from './types'

/** What evict() makes: the registry's `overflow` option. */
export type EvictFeature = Feature<'evict'>

/** A connection as the eviction policy sees it. */
export interface EvictionCandidate {
  readonly view: { readonly status: string; readonly error: { readonly code: string } | null }
  /** Closes it to make room; its users wait for the next free slot. */
  evict(): void
}

/**
 * What is behind an EvictFeature: for a newcomer that finds every slot taken, evicts a connection
 * that holds one and returns it, or returns nothing (the newcomer waits). `holding` comes least
 * recently used (acquired, sent on) first.
 */
export type PickVictim = <C extends EvictionCandidate>(newcomer: C, holding: Iterable<C>) => C | undefined

/**
 * `overflow: evict()`: when every platform slot is taken, the least recently used open or
 * connecting socket is closed to make room; its users get EVICTED and wait for the next free slot
 * (they never evict in return).
 */
export function evict(): EvictFeature {
  const pick: PickVictim = (newcomer, holding) => {
    // Evicted connections wait their turn with their EVICTED error: they never evict in return (no ping-pong).
    const { error } = newcomer.view
    if (error && error.code === 'EVICTED') return undefined
    for (const candidate of holding) {
      const { status } = candidate.view
      if (status === 'open' || status === 'connecting') {
        candidate.evict()
        return candidate
      }
    }
    return undefined
  }
  return pick as unknown as EvictFeature
}
