import { useEffect, useMemo } from 'react'
import type { Protocol } from '../core/protocol'
import type { RequestFunction, RequestsOf } from '../core/typed'
import { rejectNoSocket } from '../core/errors'
import type { SocketRequest } from '../core/request'
import { topicClient, type TopicClient } from '../core/topics'
import { useSocketRegistry } from './context'

export type { RequestFunction, RequestsOf }

export interface UseRequestOptions<P> extends Omit<SocketRequest, 'url' | 'exclusive'> {
  /** How the server speaks; the JSON protocol by default. Keep it stable (module level). */
  protocol?: P
  /** false lets go of the socket (a hidden page); requests then reject with NOT_OPEN. Default true. */
  enabled?: boolean
}

/**
 * A stable `request(method, params, { timeout })` over the socket for `url`: resolves with the
 * reply matched by id, rejects with REQUEST_TIMEOUT, REQUEST_FAILED or REQUEST_LOST. Requests
 * made before the socket opens wait in its queue. The socket stays open while the component is
 * mounted (and `enabled`); a null URL opens nothing.
 */
export function useRequest<P extends Protocol<unknown, unknown> | undefined = undefined>(
  url: SocketRequest['url'] | null,
  options: UseRequestOptions<P> = {},
): RequestFunction<RequestsOf<P>> {
  const registry = useSocketRegistry()
  const { protocol, enabled, ...request } = options
  let client: TopicClient | undefined
  let invalid: unknown
  try {
    // The one in use for this socket and protocol, or a new one that the effect then keeps.
    if (url !== null && enabled !== false) client = topicClient(registry, { ...request, url }, protocol as Protocol | undefined)
  } catch (thrown) {
    invalid = thrown
  }
  useEffect(() => client && client.retain(), [client])
  // Without a socket (disabled, no URL, invalid) the function is stable too, so effects that
  // depend on it do not run again on every render; a new validation error makes a new one.
  const refuse = useMemo(() => () => rejectNoSocket(invalid), [String(invalid)]) // eslint-disable-line react-hooks/exhaustive-deps
  return (client ? client.request : refuse) as RequestFunction<RequestsOf<P>>
}
