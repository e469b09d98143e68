import type { Feature } from './types'

/** What evict() makes: the registry's `overflow` option. */
export type EvictFeature = Feature<'evict'>

/** A connection as the eviction policy sees it. */
export interface EvictionCandidate {
  readonly view: { readonly status: string }
  /** Recency of use by the app (acquired, sent on). */
  readonly lastUsed: number
}

/** What is behind an EvictFeature: picks the connection to close for a newcomer, if any. */
export type PickVictim = <C extends EvictionCandidate>(holding: Iterable<C>) => C | undefined

/**
 * `overflow: evict()`: when every platform slot is taken, the least recently used open or
 * connecting socket is closed to make room; its users get EVICTED and wait for the next free slot
 * (they never evict in return).
 */
export function evict(): EvictFeature {
  const pick: PickVictim = (holding) => {
    let victim
    for (const candidate of holding) {
      const { status } = candidate.view
      if ((status === 'open' || status === 'connecting') && (!victim || candidate.lastUsed < victim.lastUsed)) victim = candidate
    }
    return victim
  }
  return pick as unknown as EvictFeature
}
