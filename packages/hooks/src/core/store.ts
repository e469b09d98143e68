/**
 * What a framework layer needs to follow a core object: subscribe, mark the fields a view reads,
 * and a version that changes whenever a subscriber must render (React's useSyncExternalStore reads
 * it; Vue's refs need only the subscription). Public: taro-socket-hooks/core gives these stores to
 * frameworks of the app's own.
 */
export interface Store<Field extends string> {
  /** The first subscriber starts what the store follows (a share of a socket), the last one stops it. */
  subscribe(onChange: () => void): () => void
  /** Changes whenever a subscriber must render; for useSyncExternalStore. */
  getVersion(): number
  /** Marks a field as read: changes to it now notify subscribers (fields never read never do). */
  track(field: Field): void
}

/** The listener side of a store, kept by its owner. */
export interface Listeners {
  subscribe(onChange: () => void): () => void
  getVersion(): number
  /** Bumps the version and tells every subscriber. */
  notify(): void
  /** Anyone subscribed. */
  readonly watched: boolean
}

/** Subscribers and a version; `start` runs for the first subscriber, `stop` after the last one left. */
export function createListeners(start: () => void, stop: () => void): Listeners {
  const subscribers = new Set<() => void>()
  let version = 0
  return {
    subscribe(onChange) {
      subscribers.add(onChange)
      if (subscribers.size === 1) start()
      return () => {
        const removed = subscribers.delete(onChange)
        if (removed && subscribers.size === 0) stop()
      }
    },
    getVersion: () => version,
    notify() {
      version++
      for (const subscriber of subscribers) subscriber()
    },
    get watched() {
      return subscribers.size > 0
    },
  }
}

/**
 * One render's view of a store: `view` (a fresh object, the methods) gets each field as a getter
 * that marks the field as read, so the component renders again only for fields it used. The
 * getters are enumerable, so spreading a result (`{ ...socket }`) keeps every field.
 */
export function trackedView<Field extends string, View extends object>(fields: readonly Field[], read: (field: Field) => unknown, view: View): View {
  for (const field of fields) Object.defineProperty(view, field, { get: () => read(field), enumerable: true })
  return view
}
