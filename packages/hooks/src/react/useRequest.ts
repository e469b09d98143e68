import { useEffect, useMemo } from 'react'
import type { Protocol } from '../core/protocol'
import type { RequestFunction, RequestsOf } from '../core/typed'
import { rejectNoSocket } from '../core/errors'
import type { SocketRequest } from '../core/request'
import { topicClient, type RequestOptions } from '../core/topics'
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
  const untypedProtocol = protocol as Protocol | undefined
  // Only validated during render: the client is made when first used (an effect, or a request).
  let key: string | null = null
  let invalid: unknown
  try {
    if (url !== null && enabled !== false) key = registry.resolve({ ...request, url }).key
  } catch (thrown) {
    invalid = thrown
  }
  // The socket stays open while the component is mounted; the client is the one every hook on this socket and protocol shares.
  useEffect(() => {
    if (key === null) return
    return topicClient(registry, { ...request, url: url! }, untypedProtocol).retain()
  }, [registry, key, untypedProtocol]) // eslint-disable-line react-hooks/exhaustive-deps
  // Stable while the socket and protocol are: effects that depend on it do not run again on every
  // render. Without a socket (disabled, no URL, invalid) it rejects; a new validation error makes a new one.
  return useMemo(() => {
    if (key === null) return (() => rejectNoSocket(invalid)) as RequestFunction<RequestsOf<P>>
    const ask = (method: string, params: unknown, requestOptions?: RequestOptions) =>
      topicClient(registry, { ...request, url: url! }, untypedProtocol).request(method, params as never, requestOptions)
    return ask as RequestFunction<RequestsOf<P>>
  }, [registry, key, untypedProtocol, String(invalid)]) // eslint-disable-line react-hooks/exhaustive-deps
}
