import { Text, View } from '@tarojs/components'
import { memo, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { PageHeader } from '../../components/PageHeader'
import { SERVER_URL } from '../../server-url'
import { createPriceStore, type PriceStore, type Tick } from './price-store'

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']

// memo: the twice-a-second counter re-renders the page, not the rows.
const PriceRow = memo(function PriceRow({ store, symbol }: { store: PriceStore; symbol: string }) {
  const price = useSyncExternalStore(
    (l) => store.subscribe(symbol, l),
    () => store.get(symbol),
  )
  const renders = useRef(0)
  renders.current++
  return (
    <View className="row">
      <Text className="grow">{symbol}</Text>
      <Text className="price">{price === undefined ? '—' : price.toFixed(2)}</Text>
      <Text className="hint">{` · ${renders.current} renders`}</Text>
    </View>
  )
})

/**
 * A stream of 50 messages a second. The page reads only `status`, so the stream does not
 * render it; every tick still reaches onMessage, which feeds a small store.
 */
export default function FeedPage() {
  const [store] = useState(createPriceStore)
  const pageRenders = useRef(0)
  pageRenders.current++
  const { status } = useSocket<Tick>(`${SERVER_URL}/feed`, {
    parse: (raw) => JSON.parse(raw as string) as Tick,
    onMessage: (tick) => tick.type === 'tick' && store.put(tick),
  })

  // A counter that refreshes twice a second, not 50 times.
  const [received, setReceived] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setReceived(store.received), 500)
    return () => clearInterval(timer)
  }, [store])

  return (
    <View className="page">
      <View className="card">
        <PageHeader title="Prices" status={status} statusId="feed-status" />
        <Text className="hint" id="feed-counts">{`${received} ticks received · page rendered ${pageRenders.current} times`}</Text>
      </View>
      <View className="card">
        {SYMBOLS.map((symbol) => (
          <PriceRow key={symbol} store={store} symbol={symbol} />
        ))}
      </View>
    </View>
  )
}
