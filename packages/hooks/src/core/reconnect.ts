import type { ReconnectPolicy } from './backoff'

/** How a socket ended, as far as anyone can tell. */
export interface Ending {
  /** Close code, or null when the socket failed or died without one. */
  code: number | null
  /** Close reason, when the platform gave one. */
  reason?: string
  /** The app was in the background when the socket ended. */
  hidden?: boolean
}

/**
 * What an ending the app did not ask for means (the machine handles those it asked for: a close,
 * a release, an eviction), decided in one place (const enums here and below, like the machine's `Do`):
 * - `final`: the server said goodbye (1000, or a code in stopCodes); stay closed.
 * - `interrupted`: the platform cut it, not the server: any close the app did not ask for while
 *   it is in the background (WeChat cuts sockets ~5 s after hide; Douyin reports 1001), and
 *   WeChat's 1000 "interrupted" (background or idle; WeChat developer community,
 *   "长连开发经验分享"). Reconnect; while hidden, wait for the app to come back.
 * - `dropped`: anything else (1001, 1006, 1012, a failed handshake, a dead heartbeat, a code in
 *   authCloseCodes); reconnect with backoff (at once after a first auth close, with fresh credentials).
 */
export const enum EndingKind {
  final,
  interrupted,
  dropped,
}

export function classifyEnding(ending: Ending, codes: Pick<ReconnectPolicy, 'stopCodes' | 'authCloseCodes'>): EndingKind {
  const { code } = ending
  if (ending.hidden || (code === 1000 && ending.reason === 'interrupted')) return EndingKind.interrupted
  if (code === null || codes.authCloseCodes.includes(code)) return EndingKind.dropped
  if (code === 1000 || codes.stopCodes.includes(code)) return EndingKind.final
  return EndingKind.dropped
}

/**
 * What a connection does after its socket ended:
 * - `close`: stays closed (final, no reconnect policy, or nobody uses it any more);
 * - `retry`: reconnects after the backoff delay;
 * - `wait`: reconnects when the app comes back (cut while hidden);
 * - `giveUp`: stays closed with RECONNECT_FAILED, attempts used up.
 */
export const enum AfterEnd {
  close,
  retry,
  wait,
  giveUp,
}

export interface EndContext {
  policy: ReconnectPolicy | null
  retries: number
  /** Someone still uses the connection (not in its release delay). */
  wanted: boolean
}

export function afterEnd(ending: Ending, context: EndContext): AfterEnd {
  const { policy, retries } = context
  if (!context.wanted || !policy) return AfterEnd.close
  const kind = classifyEnding(ending, policy)
  if (kind === EndingKind.final) return AfterEnd.close
  // Cut while hidden: the app coming back reconnects, not a timer.
  if (retries < policy.maxAttempts) return ending.hidden ? AfterEnd.wait : AfterEnd.retry
  // Attempts used up; with none allowed at all (maxAttempts 0) there was nothing to give up.
  return retries > 0 ? AfterEnd.giveUp : AfterEnd.close
}
