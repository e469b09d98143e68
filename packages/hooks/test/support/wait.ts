import { act } from '@testing-library/react'
import { settle, waitFor } from '../../src/testing/wait'

export { settle, waitFor }

/**
 * Like waitFor, for React tests: each pause runs inside act(), so React commits what the
 * sockets changed between checks (act() flushes only when its callback ends).
 */
export async function until(check: () => boolean, what: string, timeout = 30_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for: ${what}`)
    await act(() => settle(5))
  }
}
