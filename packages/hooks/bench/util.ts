import type { ReactElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'

/** Helpers shared by the benchmark sections. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function until(check: () => boolean, what: string, timeout = 60_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error(`bench: timed out waiting for ${what}`)
    await sleep(1)
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Renders an element into a detached container synchronously; returns the unmount. */
export async function mount(element: ReactElement) {
  const container = document.createElement('div')
  const root = createRoot(container)
  flushSync(() => root.render(element))
  return () => flushSync(() => root.unmount())
}
