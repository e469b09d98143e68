import { getCurrentScope, onScopeDispose, shallowRef, type Ref } from 'vue'
import { socketError } from '../core/errors'

/**
 * Composables hold a share of a socket until their scope ends; outside a component's setup or an
 * effectScope nothing would ever give it back, so they refuse to start there.
 */
export function requireScope(): void {
  if (!getCurrentScope()) throw socketError('INVALID_OPTIONS', { detail: 'noScope' })
}

/** A store the composables read: it is told which fields are read, and tells of changes. */
export interface FieldStore<F extends string> {
  track(field: F): void
  subscribe(onChange: () => void): () => void
}

/**
 * One readonly ref per field of `store`, and its `methods` as they are; subscribed to now and left
 * when the current scope ends. A ref changes only when its own field does, so a component
 * re-renders only for the refs it reads.
 */
export function storeView<S extends FieldStore<F> & { readonly [K in F]: unknown }, F extends string, M extends keyof S>(
  store: S,
  fields: readonly F[],
  methods: readonly M[],
): { readonly [K in F]: Readonly<Ref<S[K]>> } & Pick<S, M> {
  const view = {} as Record<string, unknown>
  const refs = view as { [K in F]: Ref<S[K]> }
  for (const field of fields) {
    store.track(field)
    refs[field] = shallowRef(store[field]) as Ref<S[F]>
  }
  for (const method of methods) view[method as string] = store[method]
  // A shallowRef triggers only when the value is new (Object.is).
  const update = () => {
    for (const field of fields) refs[field].value = store[field]
  }
  onScopeDispose(store.subscribe(update))
  return view as { readonly [K in F]: Readonly<Ref<S[K]>> } & Pick<S, M>
}
