/**
 * Runs jobs one at a time, in order: a job asked for while another runs (an event raised by an
 * effect, a grant handed out while a slot is released) waits its turn instead of re-entering.
 * One per registry: its connections' events and its slot hand-outs share it.
 */
export interface Serial {
  /** Runs the job now, or after the running one and those queued before it. */
  run(job: () => void): void
  /** A job is running: whatever it starts now waits for it. */
  readonly busy: boolean
}

export function createSerial(): Serial {
  const jobs: (() => void)[] = []
  let busy = false
  return {
    run(job) {
      jobs.push(job)
      if (busy) return
      busy = true
      let failure: { thrown: unknown } | undefined
      for (let next = jobs.shift(); next; next = jobs.shift()) {
        try {
          next()
        } catch (thrown) {
          // An app callback threw: the jobs after it still run; the first throw reaches the caller.
          if (!failure) failure = { thrown }
        }
      }
      busy = false
      if (failure) throw failure.thrown
    },
    get busy() {
      return busy
    },
  }
}
