import { socketError } from './errors'

/**
 * How long to wait before a reconnect: a pure policy, so it can be read as a table.
 * Whether to reconnect at all is decided in reconnect.ts.
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
  /**
   * Close codes that mean the credentials expired (e.g. 4401): the socket reconnects at once,
   * asking the request's `url`/`data`/`header` functions again with `authFailed: true`. Again
   * in a row, it backs off like any drop. Default none.
   */
  authCloseCodes?: readonly number[]
}

export type ReconnectPolicy = Required<ReconnectOptions>

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  minDelay: 500,
  maxDelay: 30_000,
  maxAttempts: 10,
  stableAfter: 5_000,
  stopCodes: [],
  authCloseCodes: [],
}

export function reconnectPolicy(options: ReconnectOptions | false | undefined): ReconnectPolicy | null {
  if (options === false) return null
  const policy = { ...DEFAULT_RECONNECT, ...options }
  // Written as !(x >= y) so that NaN fails too.
  if (!(policy.minDelay >= 0) || !(policy.maxDelay >= policy.minDelay) || !(policy.maxAttempts >= 0)) {
    throw socketError('INVALID_OPTIONS', { got: '`reconnect`', detail: 'reconnectRange' })
  }
  return policy
}

/**
 * Exponential backoff with full jitter: retry n (0-based) waits a uniformly random time
 * between minDelay and min(maxDelay, minDelay·2ⁿ), so that many clients dropped at once
 * do not come back at once.
 */
export function reconnectDelay(retry: number, policy: ReconnectPolicy, random: () => number): number {
  // 2^52 and above would only overflow into Infinity; maxDelay caps long before.
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * 2 ** Math.min(retry, 52))
  return Math.round(policy.minDelay + random() * (ceiling - policy.minDelay))
}
