import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { rejectNoSocket } from '../core/errors'
import type { Protocol } from '../core/protocol'
import type { SocketRequest } from '../core/request'
import { topicClient, type TopicClient } from '../core/topics'
import type { RequestFunction, RequestsOf } from '../core/typed'
import { useSocketRegistry } from './registry'
import { requireScope } from './scope'

/** useRequest's options; give a ref or a getter (`() => ({ enabled: visible.value })`) for options that change. */
export type UseRequestOptions<P> = Omit<SocketRequest, 'url' | 'exclusive'> & {
  /** How the server speaks; the JSON protocol by default. Keep it stable (module level). */
  protocol?: P
  /** false lets go of the socket (a hidden page); requests then reject with NOT_OPEN. Default true. */
  enabled?: boolean
}

/**
 * A stable `request(method, params, { timeout })` over the socket for `url`: resolves with the
 * reply matched by id, rejects with REQUEST_TIMEOUT, REQUEST_FAILED or REQUEST_LOST. Requests
 * made before the socket opens wait in its queue. The socket stays open while the scope lives
 * (and `enabled`); a null URL opens nothing. `url` and `options` may be refs or getters.
 */
export function useRequest<P extends Protocol<unknown, unknown> | undefined = undefined>(
  url: MaybeRefOrGetter<string | null>,
  options: MaybeRefOrGetter<UseRequestOptions<P>> = {},
): RequestFunction<RequestsOf<P>> {
  requireScope()
  const registry = useSocketRegistry()
  let client: TopicClient | undefined
  let invalid: unknown
  let release: (() => void) | undefined
  const follow = (nextUrl: string | null, { protocol, enabled, ...request }: UseRequestOptions<P>) => {
    let next: TopicClient | undefined
    invalid = undefined
    try {
      if (nextUrl !== null && enabled !== false) next = topicClient(registry, { ...request, url: nextUrl }, protocol as Protocol | undefined)
    } catch (thrown) {
      invalid = thrown
    }
    if (next === client) return
    // The new socket is held before the old one is let go, so a shared one stays open.
    const before = release
    client = next
    release = next ? next.retain() : undefined
    if (before) before()
  }
  const read = () => [toValue(url), toValue(options)] as const
  follow(...read())
  watch(read, ([nextUrl, next]) => follow(nextUrl, next), { flush: 'sync' })
  onScopeDispose(() => {
    if (release) release()
  })
  return ((method, params, requestOptions) =>
    client ? client.request(method as never, params as never, requestOptions) : rejectNoSocket(invalid)) as RequestFunction<RequestsOf<P>>
}
