import { SocketError } from './errors'
/**
 * When to reconnect and how long to wait: a pure policy, so it can be read as a table.
 */
export interface ReconnectOptions {
  /** Default 500 ms: the wait before the first retry. */
  minDelay?: number
  /** Default 30 000 ms: no wait is longer. */
  maxDelay?: number
  /** Default 10: retries in a row before giving up (`Infinity` never gives up). */
  maxAttempts?: number
  /** Default 5 000 ms: a socket open this long counts as healthy, and the retry count starts over. */
  stableAfter?: number
  /** Close codes from the server after which it must not retry, e.g. 4001 for "unauthorized". 1000 is always one. */
  stopCodes?: readonly number[]
}

export type ReconnectPolicy = Required<ReconnectOptions>

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  minDelay: 500,
  maxDelay: 30_000,
  maxAttempts: 10,
  stableAfter: 5_000,
  stopCodes: [],
}

export function reconnectPolicy(options: ReconnectOptions | false | undefined): ReconnectPolicy | null {
  if (options === false) return null
  const policy = { ...DEFAULT_RECONNECT, ...options }
  if (!(policy.minDelay >= 0) || !(policy.maxDelay >= policy.minDelay) || !(policy.maxAttempts >= 0)) {
    throw new SocketError('INVALID_OPTIONS', 'reconnect: need 0 <= minDelay <= maxDelay and maxAttempts >= 0.')
  }
  return policy
}

/**
 * Exponential backoff with full jitter: retry n (0-based) waits a uniformly random time
 * between minDelay and min(maxDelay, minDelay·2ⁿ), so that many clients dropped at once
 * do not come back at once.
 */
export function reconnectDelay(retry: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * 2 ** Math.min(retry, 52))
  return Math.round(policy.minDelay + random() * (ceiling - policy.minDelay))
}

export interface Ending {
  /** Close code, or null when the socket failed or died without one. */
  code: number | null
  /** Close reason, when the platform gave one. */
  reason?: string
  /** The app asked for this close (close(), release, URL change). */
  requested: boolean
  /** The app was in the background when the socket ended. */
  hidden?: boolean
}

/**
 * What an ending means, decided in one place:
 * - `requested`: the app closed it; nothing to do.
 * - `final`: the server said goodbye (1000, or a code in stopCodes); stay closed.
 * - `interrupted`: the platform cut it, not the server: any close the app did not ask for while
 *   it is in the background (WeChat cuts sockets ~5 s after hide; Douyin reports 1001), and
 *   WeChat's 1000 "interrupted" (background or idle; WeChat developer community,
 *   "长连开发经验分享"). Reconnect; while hidden, wait for the app to come back.
 * - `dropped`: anything else (1001, 1006, 1012, a failed handshake, a dead heartbeat); reconnect with backoff.
 */
export type EndingKind = 'requested' | 'final' | 'interrupted' | 'dropped'

export function classifyEnding(ending: Ending, stopCodes: readonly number[] = []): EndingKind {
  if (ending.requested) return 'requested'
  if (ending.hidden || (ending.code === 1000 && ending.reason === 'interrupted')) return 'interrupted'
  if (ending.code === 1000 || (ending.code !== null && stopCodes.includes(ending.code))) return 'final'
  return 'dropped'
}

/** Whether a socket that ended so should be reconnected, given how many retries ran already. */
export function shouldReconnect(ending: Ending, retries: number, policy: ReconnectPolicy | null): boolean {
  if (!policy) return false
  const kind = classifyEnding(ending, policy.stopCodes)
  if (kind === 'requested' || kind === 'final') return false
  return retries < policy.maxAttempts
}
