/**
 * Prices outside React. The socket writes every tick (50 a second) into it at once, so none
 * is lost; the screen reads a snapshot that is renewed at most every `flushMs`, so the page
 * renders, and calls setData, a few times a second instead of 50.
 */
export interface Tick {
  type: 'tick' | 'pong'
  seq: number
  symbol: string
  price: number
}

export interface Row {
  symbol: string
  price: number
  /** Change since the first tick this page saw, in percent. */
  change: number
  /** +1, -1 or 0: the direction of the last move. */
  move: number
  ticks: number
}

export interface Snapshot {
  received: number
  /** Ticks the server sent but this page never got: gaps in `seq` on one connection. */
  missed: number
  /** Page renders, as reported by the page after each commit. */
  renders: number
  /** Time of the newest tick, ms. */
  lastTickAt: number | undefined
  rows: readonly Row[]
}

export function createPriceStore(symbols: readonly string[], flushMs = 250) {
  const rows = new Map<string, Row>()
  const first = new Map<string, number>()
  const listeners = new Set<() => void>()
  let received = 0
  let missed = 0
  let renders = 0
  let lastSeq: number | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let snapshot: Snapshot = { received, missed, renders, lastTickAt: undefined, rows: [] }

  /** When the stream was last heard from: the screen says how old its prices are while offline. */
  let lastTickAt: number | undefined

  const flush = () => {
    timer = undefined
    snapshot = {
      received,
      missed,
      renders,
      lastTickAt,
      rows: symbols.flatMap((s) => rows.get(s) ?? []),
    }
    listeners.forEach((l) => l())
  }

  return {
    put(tick: Tick) {
      received++
      if (lastSeq !== undefined && tick.seq > lastSeq + 1) missed += tick.seq - lastSeq - 1
      lastSeq = tick.seq
      lastTickAt = Date.now()
      if (!first.has(tick.symbol)) first.set(tick.symbol, tick.price)
      const before = rows.get(tick.symbol)
      const base = first.get(tick.symbol) ?? tick.price
      // A new object per change, so a row that did not move keeps its identity and skips render.
      rows.set(tick.symbol, {
        symbol: tick.symbol,
        price: tick.price,
        change: ((tick.price - base) / base) * 100,
        move: before ? Math.sign(tick.price - before.price) : 0,
        ticks: (before?.ticks ?? 0) + 1,
      })
      timer ??= setTimeout(flush, flushMs)
    },
    /** A new connection starts a new sequence: gaps between connections are not losses. */
    newConnection() {
      lastSeq = undefined
    },
    noteRender() {
      renders++
    },
    snapshot: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer) {
          clearTimeout(timer)
          timer = undefined
        }
      }
    },
  }
}

export type PriceStore = ReturnType<typeof createPriceStore>
