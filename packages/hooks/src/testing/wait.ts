/**
 * Polls until `check` holds, or fails after `timeout` ms with what it last saw. The deadline only
 * bounds a failure (a busy machine can be slow): wait for a state, never "within N ms".
 */
export async function waitFor(check: () => boolean, what: string, timeout = 30_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Lets pending socket events and timers run. */
export function settle(ms = 50): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
