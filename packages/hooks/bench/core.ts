/**
 * The core's cost per received message, with no React and no network: an in-memory task hands
 * messages to one shared connection with 1, 10 and 100 subscribers, each an onMessage listener.
 */
import { createRegistry } from '../src/core/registry'
import type { AppLifecycle, SocketTaskLike } from '../src/core/types'

export const SUBSCRIBERS = [1, 10, 100]
/** What `pnpm test` … and BENCHMARKS.md hold it to, at 10 subscribers. */
export const MAX_NS_AT_10 = 40

const noop = (): void => undefined
const lifecycle: AppLifecycle = { listen: () => noop }

/** ns per message for each subscriber count (the median of `rounds`). */
export async function perMessage(messages = 1_000_000, rounds = 5): Promise<{ subscribers: number; 'ns per message': number }[]> {
  const rows = []
  for (const subscribers of SUBSCRIBERS) {
    let deliver: (data: unknown) => void = noop
    const task: SocketTaskLike = {
      send: ({ success }) => success?.(undefined),
      close: noop,
      onOpen: (cb) => queueMicrotask(() => cb({})),
      onClose: noop,
      onError: noop,
      onMessage: (cb) => {
        deliver = (data) => cb({ data })
      },
    }
    const registry = createRegistry({ connect: async () => task, lifecycle, maxConnections: 5, allowInsecure: true })
    const { connection } = registry.acquire({ url: 'ws://in-memory/' })
    let count = 0
    for (let i = 0; i < subscribers; i++) connection.subscribe({ onMessage: () => void count++ })
    while (connection.status !== 'open') await new Promise((r) => setTimeout(r, 0))
    const samples: number[] = []
    for (let round = 0; round < rounds + 1; round++) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < messages; i++) deliver('m')
      const ns = Number(process.hrtime.bigint() - start) / messages
      if (round > 0) samples.push(ns) // the first round warms the engine up
    }
    if (count !== (rounds + 1) * messages * subscribers) throw new Error('not every subscriber heard every message')
    samples.sort((a, b) => a - b)
    rows.push({ subscribers, 'ns per message': +samples[Math.floor(samples.length / 2)]!.toFixed(1) })
    registry.dispose()
  }
  return rows
}
