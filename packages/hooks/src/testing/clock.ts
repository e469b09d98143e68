import type { Clock } from '../core/clock'

/**
 * A clock the test moves: give it to the registry (`createSocketRegistry({ clock })`) and the
 * library's timeouts, backoff, heartbeat and delays run only when the test says time has
 * passed. Sockets, servers and promises keep running for real, so a test can wait for what the
 * network does and decide, separately, how much time the library sees go by.
 */
export interface TestClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order of due time. Before
   * each timer and at the end it lets pending promises and socket events run, so what one timer
   * starts (a reconnect, a new timer) happens before the next.
   */
  advance(ms: number): Promise<void>
  /** Moves time to the next timer and fires it (and any due at the same time). False if none is waiting. */
  next(): Promise<boolean>
  /** Timers waiting to fire. */
  readonly pending: number
  /** ms from now until the earliest waiting timer; undefined if none. */
  readonly nextDelay: number | undefined
}

interface Timer {
  at: number
  order: number
  callback: () => void
}

// A real turn of the event loop: promise reactions and socket I/O that are ready run now.
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * A clock that stands still until the test advances it. `now()` starts at `start` (default 0).
 * A timer due now (0 ms) still runs on the next turn of the event loop, as on a real clock:
 * standing still stops time passing, not what needs no time.
 */
export function createTestClock(start = 0): TestClock {
  let now = start
  let order = 0
  const timers = new Set<Timer>()
  let dueNowScheduled = false

  const earliest = (): Timer | undefined => {
    let first: Timer | undefined
    for (const timer of timers) {
      if (!first || timer.at < first.at || (timer.at === first.at && timer.order < first.order)) first = timer
    }
    return first
  }

  const fireDue = async (until: number): Promise<void> => {
    await turn()
    for (let timer = earliest(); timer && timer.at <= until; timer = earliest()) {
      timers.delete(timer)
      now = Math.max(now, timer.at)
      timer.callback()
      await turn()
    }
  }

  const runDueNow = (): void => {
    dueNowScheduled = false
    for (let timer = earliest(); timer && timer.at <= now; timer = earliest()) {
      timers.delete(timer)
      timer.callback()
    }
  }

  return {
    setTimeout(callback, ms) {
      order++
      const timer: Timer = { at: now + Math.max(0, ms || 0), order, callback }
      timers.add(timer)
      if (timer.at <= now && !dueNowScheduled) {
        dueNowScheduled = true
        setTimeout(runDueNow, 0)
      }
      return timer
    },
    clearTimeout(handle) {
      timers.delete(handle as Timer)
    },
    now: () => now,
    async advance(ms) {
      if (!(ms >= 0)) throw new Error(`advance(${ms}): give a duration of 0 ms or more`)
      const until = now + ms
      await fireDue(until)
      now = until
    },
    async next() {
      const first = earliest()
      if (!first) return false
      await fireDue(first.at)
      return true
    },
    get pending() {
      return timers.size
    },
    get nextDelay() {
      const first = earliest()
      return first ? first.at - now : undefined
    },
  }
}
