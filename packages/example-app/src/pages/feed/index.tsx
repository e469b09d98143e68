import { Text, View } from '@tarojs/components'
import { memo, useEffect, useState, useSyncExternalStore } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { Card } from '../../components/Card'
import { Notice } from '../../components/Notice'
import { PageHeader } from '../../components/PageHeader'
import { Change, Price } from '../../components/PriceQuote'
import { connectionState, isLive } from '../../connection-state'
import { clockTime, duration, useOutage } from '../../hooks/useOutage'
import { usePageVisible } from '../../hooks/usePageVisible'
import { SYMBOLS } from '../../prices'
import { SERVER_URL } from '../../server-url'
import { useReportSocketUse } from '../../socket-usage'
import { createPriceStore, type Row, type Tick } from './price-store'
import './index.css'

/** How often the table reads the store: 4 renders (and setData calls) a second. */
const FLUSH_MS = 250

const PriceRow = memo(function PriceRow({ row, stale }: { row: Row; stale: boolean }) {
  return (
    <View className="price-table__row price-table__row--data" id={`row-${row.symbol}`}>
      <Text className="price-table__cell price-table__cell--symbol">{row.symbol}</Text>
      <Price className="price-table__cell price-table__cell--number" price={row.price} move={row.move} stale={stale} />
      <Change className="price-table__cell price-table__cell--number" percent={row.change} stale={stale} />
      <Text className="price-table__cell price-table__cell--number price-table__cell--ticks">{row.ticks}</Text>
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
  const outage = useOutage()
  const { status, error } = useSocket<Tick>(`${SERVER_URL}/feed`, {
    enabled: visible,
    parse: (raw) => JSON.parse(raw as string) as Tick,
    onOpen: () => {
      store.newConnection()
      outage.onOpen()
    },
    onClose: outage.onClose,
    onMessage: (tick) => tick.type === 'tick' && store.put(tick),
  })
  useReportSocketUse('Prices', '/feed', status, visible)
  const state = connectionState(status, Boolean(error), outage.outage !== null)
  const snap = useSyncExternalStore(store.subscribe, store.snapshot)
  // Counted after commit, shown with the next snapshot.
  useEffect(() => store.noteRender())
  const stale = !isLive(state) && snap.rows.length > 0
  const down = outage.outage

  return (
    <View className="app-page">
      <Card>
        <PageHeader title="Prices" subtitle={`50 ticks a second; the table refreshes every ${FLUSH_MS} ms.`} state={state} stateId="feed-status" />
        {down && down.back === null && (
          <Notice
            id="feed-notice"
            className="feed-page__notice"
            tone="warn"
            text={snap.lastTickAt ? `Not updating: prices as of ${clockTime(snap.lastTickAt)}. Reconnecting…` : 'Not updating. Reconnecting…'}
          />
        )}
        {down && down.back !== null && (
          <Notice
            id="feed-notice"
            className="feed-page__notice"
            tone="info"
            text={`Back at ${clockTime(down.back)}. Ticks from the ${duration(down.back - down.since)} offline were not received; prices are current again.`}
            onDismiss={outage.dismiss}
          />
        )}
        <View className="feed-stats" id="feed-counts">
          {(
            [
              ['feed-received', snap.received, 'ticks received'],
              ['feed-missed', snap.missed, 'ticks missed'],
              ['feed-renders', snap.renders, 'page renders'],
            ] as const
          ).map(([id, value, label]) => (
            <View className="feed-stats__item" key={id}>
              <Text className="feed-stats__value" id={id}>
                {value}
              </Text>
              <Text className="feed-stats__label">{label}</Text>
            </View>
          ))}
        </View>
      </Card>

      <Card className={`price-table ${stale ? 'price-table--stale' : ''}`} id="feed-table">
        <View className="price-table__row price-table__row--head">
          <Text className="price-table__cell price-table__cell--symbol">Symbol</Text>
          <Text className="price-table__cell price-table__cell--number">Price</Text>
          <Text className="price-table__cell price-table__cell--number">Change</Text>
          <Text className="price-table__cell price-table__cell--number price-table__cell--ticks">Ticks</Text>
        </View>
        {snap.rows.length === 0 && (
          <Text className="price-table__empty">{isLive(state) ? 'Waiting for the first tick…' : 'No prices yet: not connected.'}</Text>
        )}
        {snap.rows.map((row) => (
          <PriceRow key={row.symbol} row={row} stale={stale} />
        ))}
      </Card>
      <Text className="feed-note">
        Every tick goes into a store outside React from onMessage; the table reads a snapshot of it four times a second, so a mini-program calls setData about 4
        times a second, not 50. Leave the tab and the socket is released.
      </Text>
    </View>
  )
}
