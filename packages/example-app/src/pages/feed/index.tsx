import { Text, View } from '@tarojs/components'
import { memo, useEffect, useState, useSyncExternalStore } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { PageHeader } from '../../components/PageHeader'
import { usePageVisible } from '../../hooks/usePageVisible'
import { SERVER_URL } from '../../server-url'
import { useReportSocketUse } from '../../socket-usage'
import { createPriceStore, type Row, type Tick } from './price-store'

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']
const FLUSH_MS = 250

const PriceRow = memo(function PriceRow({ row }: { row: Row }) {
  const tone = row.change > 0 ? 'up' : row.change < 0 ? 'down' : ''
  return (
    <View className="tr" id={`row-${row.symbol}`}>
      <Text className="td td-symbol">{row.symbol}</Text>
      <Text className="td td-num">
        <Text className={`arrow ${row.move > 0 ? 'up' : 'down'}`}>{row.move > 0 ? '▲' : row.move < 0 ? '▼' : ''}</Text>
        {row.price.toFixed(2)}
      </Text>
      <Text className={`td td-num ${tone}`}>{`${row.change >= 0 ? '+' : ''}${row.change.toFixed(2)}%`}</Text>
      <Text className="td td-num muted">{row.ticks}</Text>
    </View>
  )
})

/**
 * 50 ticks a second. onMessage writes each into a store outside React; the table reads a
 * snapshot renewed every 250 ms, so the page renders (and calls setData) about 4 times a
 * second. When the tab is hidden the page releases the socket and the stream stops.
 */
export default function FeedPage() {
  const visible = usePageVisible()
  const [store] = useState(() => createPriceStore(SYMBOLS, FLUSH_MS))
  const { status } = useSocket<Tick>(`${SERVER_URL}/feed`, {
    enabled: visible,
    parse: (raw) => JSON.parse(raw as string) as Tick,
    onOpen: () => store.newConnection(),
    onMessage: (tick) => tick.type === 'tick' && store.put(tick),
  })
  useReportSocketUse('Live feed', '/feed', status, visible)
  const snap = useSyncExternalStore(store.subscribe, store.snapshot)
  // Counted after commit, shown with the next snapshot.
  useEffect(() => store.noteRender())

  return (
    <View className="page">
      <View className="card">
        <PageHeader
          title="Live prices"
          subtitle={`50 ticks a second from /feed; the table refreshes every ${FLUSH_MS} ms.`}
          status={status}
          statusId="feed-status"
        />
        <View className="stats" id="feed-counts">
          {(
            [
              ['feed-received', snap.received, 'ticks received'],
              ['feed-missed', snap.missed, 'ticks missed'],
              ['feed-renders', snap.renders, 'page renders'],
            ] as const
          ).map(([id, value, label]) => (
            <View className="stat" key={id}>
              <Text className="stat-value" id={id}>
                {value}
              </Text>
              <Text className="stat-label">{label}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className="card table" id="feed-table">
        <View className="tr th">
          <Text className="td td-symbol">Symbol</Text>
          <Text className="td td-num">Price</Text>
          <Text className="td td-num">Change</Text>
          <Text className="td td-num">Ticks</Text>
        </View>
        {snap.rows.length === 0 && <Text className="muted table-empty">Waiting for the first tick…</Text>}
        {snap.rows.map((row) => (
          <PriceRow key={row.symbol} row={row} />
        ))}
      </View>
      <Text className="note">
        Every tick goes into a store outside React from onMessage; the table reads a snapshot of it four times a second, so a mini-program calls setData about 4
        times a second, not 50. Leave the tab and the socket is released.
      </Text>
    </View>
  )
}
