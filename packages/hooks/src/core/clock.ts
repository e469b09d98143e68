/**
 * Where the core's timers and time come from. Every delay the library waits (connect and close
 * timeouts, backoff, heartbeat, release delays, topic grace, request timeouts, throttling) goes
 * through one clock, so a test can move time itself instead of waiting for it
 * (`createTestClock` in taro-socket-hooks/testing).
 */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** ms since some fixed point; only differences are used. */
  now(): number
}

/** The engine's own timers. */
export const systemClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as number | undefined),
  now: () => Date.now(),
}
