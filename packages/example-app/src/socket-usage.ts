import { useEffect, useSyncExternalStore } from 'react'
import type { SocketStatus } from 'taro-socket-hooks'

/**
 * Which page uses which socket, for the Connections page to explain the slots. The registry
 * counts slots; only the pages know what they use them for, so each reports here.
 */
export interface SocketUse {
  page: string
  socket: string
  /** The socket's status, or 'released' while the page is hidden. */
  status: SocketStatus | 'released'
}

let uses: readonly SocketUse[] = []
const listeners = new Set<() => void>()

function report(use: SocketUse) {
  uses = [...uses.filter((u) => u.page !== use.page), use]
  listeners.forEach((l) => l())
}

const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

/** Reports this page's socket after each change (an effect, not during render). */
export function useReportSocketUse(page: string, socket: string, status: SocketStatus, visible: boolean) {
  const shown = visible ? status : 'released'
  useEffect(() => report({ page, socket, status: shown }), [page, socket, shown])
}

export function useSocketUses(): readonly SocketUse[] {
  return useSyncExternalStore(subscribe, () => uses)
}
