/**
 * Latest price per symbol, outside React: the socket writes 50 ticks a second into it, and
 * each row subscribes to its own symbol only, so a tick re-renders one row, not the page.
 */
export interface Tick {
  type: 'tick' | 'pong'
  seq: number
  symbol: string
  price: number
}

type Listener = () => void

export function createPriceStore() {
  const prices = new Map<string, number>()
  const listeners = new Map<string, Set<Listener>>()
  let received = 0
  return {
    get received() {
      return received
    },
    put(tick: Tick) {
      received++
      if (prices.get(tick.symbol) === tick.price) return
      prices.set(tick.symbol, tick.price)
      listeners.get(tick.symbol)?.forEach((l) => l())
    },
    get: (symbol: string) => prices.get(symbol),
    subscribe(symbol: string, listener: Listener) {
      if (!listeners.has(symbol)) listeners.set(symbol, new Set())
      listeners.get(symbol)!.add(listener)
      return () => listeners.get(symbol)!.delete(listener)
    },
  }
}

export type PriceStore = ReturnType<typeof createPriceStore>
