import { toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import type { SocketError } from '../core/errors'
import type { SocketStatus } from '../core/machine'
import { createSocketObserver, type ObservedField, type RawMessage, type SocketObserverOptions } from '../core/observer'
import type { SendData, SendOptions } from '../core/outbox'
import { useSocketRegistry } from './registry'
import { storeView, requireScope } from './scope'

/** useSocket's options; give a ref or a getter (`() => ({ enabled: visible.value })`) for options that change. */
export type UseSocketOptions<In> = SocketObserverOptions<In>

export interface UseSocketResult<In, Out = unknown> {
  /** idle, queued (waiting for a platform slot), connecting, open, closing, reconnecting or closed */
  readonly status: Readonly<Ref<SocketStatus>>
  /** The last message received, parsed if `parse` or `json` was given. */
  readonly lastMessage: Readonly<Ref<In | undefined>>
  readonly error: Readonly<Ref<SocketError | null>>
  /** Messages waiting for the socket to open (sent before open, or while reconnecting). */
  readonly queued: Readonly<Ref<number>>
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

const FIELDS: readonly ObservedField[] = ['status', 'lastMessage', 'error', 'queued']

/**
 * A WebSocket for this component (or effectScope), shared with every other user of the same URL,
 * header and protocols. `url` and `options` may be refs or getters: a new URL (or data, header,
 * protocols, enabled) moves to the matching socket, other changes apply without reconnecting.
 * A null URL opens nothing; a function is a getter here (for a URL asked at each connect, give
 * `data` or `header` functions). A component re-renders only for the refs it reads. The share of the
 * socket is given back when the scope ends (after the registry's release delay, for remounts).
 */
export function useSocket<In = RawMessage, Out = unknown>(
  url: MaybeRefOrGetter<string | null>,
  options: MaybeRefOrGetter<UseSocketOptions<In>> = {},
): UseSocketResult<In, Out> {
  requireScope()
  const read = (): [string | null, SocketObserverOptions<In>] => [toValue(url), toValue(options)]
  const observer = createSocketObserver<In, Out>(useSocketRegistry(), ...read())
  // At once, so that a send right after a change goes to the new socket.
  watch(read, ([nextUrl, next]) => observer.setOptions(nextUrl, next), { flush: 'sync' })
  return storeView(observer, FIELDS, ['send', 'sendJson', 'close', 'open'])
}
