import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { SocketError } from '../core/errors'
import type { SocketStatus } from '../core/machine'
import { createSocketObserver, OBSERVED_FIELDS, type RawMessage, type SocketObserverOptions } from '../core/observer'
import type { SendData, SendOptions } from '../core/outbox'
import type { SocketRequest } from '../core/request'
import { trackedView } from '../core/store'
import { useSocketRegistry } from './context'

export type UseSocketOptions<In> = SocketObserverOptions<In>

export interface UseSocketResult<In, Out = unknown> {
  /** idle, queued (waiting for a platform slot), connecting, open, closing, reconnecting or closed */
  readonly status: SocketStatus
  /** The last message this component received, parsed if `parse` or `json` was given. */
  readonly lastMessage: In | undefined
  readonly error: SocketError | null
  /** Messages waiting for the socket to open (sent before open, or while reconnecting). */
  readonly queued: number
  /**
   * Text, or binary as an ArrayBuffer or a view of one (exactly the view's bytes go out).
   * Resolves once handed to the open socket (queued in order before open and across reconnects).
   */
  send(data: SendData, options?: SendOptions): Promise<void>
  sendJson(value: Out, options?: SendOptions): Promise<void>
  /** Closes the shared socket for all its users. Throws SocketError on a bad code or reason. */
  close(code?: number, reason?: string): void
  /** Opens the socket again after close() or a failure. */
  open(): void
}

/**
 * A WebSocket for this component, shared with every other component that asks for
 * the same URL, header and protocols. `In` is what it receives (after `parse`/`json`), `Out`
 * what `sendJson` takes. The component re-renders only when a field it has read
 * (status, lastMessage, error, queued) changes.
 */
export function useSocket<In = RawMessage, Out = unknown>(url: SocketRequest['url'] | null, options: UseSocketOptions<In> = {}): UseSocketResult<In, Out> {
  const registry = useSocketRegistry()
  const [observer] = useState(() => createSocketObserver<In, Out>(registry, url, options))

  // After commit, like any other effect; callbacks change without reconnecting.
  useEffect(() => {
    observer.setOptions(url, options)
  })

  const version = useSyncExternalStore(observer.subscribe, observer.getVersion, observer.getVersion)

  // A new view for each version (read by no code inside, hence the lint exception), so that what
  // depends on the result sees the change.
  return useMemo(() => {
    // Each field, when read, subscribes this component to its changes.
    const { send, sendJson, close, open } = observer
    const read = (field: (typeof OBSERVED_FIELDS)[number]) => {
      observer.track(field)
      return observer[field]
    }
    return trackedView(OBSERVED_FIELDS, read, { send, sendJson, close, open }) as UseSocketResult<In, Out>
  }, [observer, version]) // eslint-disable-line react-hooks/exhaustive-deps
}
