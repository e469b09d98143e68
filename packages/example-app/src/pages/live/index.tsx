import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { useSocket, useSocketStats } from 'taro-socket-hooks'
import { useRequest, useTopic, type TopicStatus } from 'taro-socket-hooks/topics'
import { ChatLog, type ChatItem } from '../../components/ChatLog'
import { Composer } from '../../components/Composer'
import { Notice } from '../../components/Notice'
import { PageHeader } from '../../components/PageHeader'
import { Change, Price } from '../../components/PriceQuote'
import { connectionState, isLive, problemText } from '../../connection-state'
import { useOutgoing } from '../../hooks/useOutgoing'
import { clockTime, duration, useOutage } from '../../hooks/useOutage'
import { usePageVisible } from '../../hooks/usePageVisible'
import { initials, ME } from '../../people'
import { focusable } from '../../focusable'
import { SYMBOLS } from '../../prices'
import { useReportSocketUse } from '../../socket-usage'
import { CHAT_TOPIC, LIVE_URL, ROOM, protocol, type ChatMessage, type Tick } from './protocol'
import './index.css'

/** Messages the history request asks for, and the most kept on screen. */
const HISTORY = 50
const KEEP = 200
/** How often the page asks the server's clock while connected. */
const CLOCK_EVERY_MS = 10_000
const CLOCK_TIMEOUT_MS = 5_000

interface TickerView {
  rows: Partial<Record<string, Tick & { move: number }>>
  received: number
  /** Events the server sent but this page never got: jumps in `seq` while subscribed. */
  missed: number
  last: number | undefined
}
const NO_TICKS: TickerView = { rows: {}, received: 0, missed: 0, last: undefined }

/** Adds messages not seen yet (by id), in server order; history and live events overlap. */
function merge(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const seen = new Set(list.map((m) => m.id))
  const added = incoming.filter((m) => !seen.has(m.id))
  if (added.length === 0) return list as ChatMessage[]
  return [...list, ...added].sort((a, b) => a.at - b.at || a.seq - b.seq).slice(-KEEP)
}

const TOPIC_WORD: Record<TopicStatus, string> = { subscribing: 'Joining…', subscribed: 'Live', unsubscribed: 'Stopped', error: 'Refused' }

/** One topic's state in a word; after a reconnect, whether it resumed or has a gap (the notice says more). */
function TopicPill({ id, label, status, recovered, down }: { id: string; label: string; status: TopicStatus; recovered: boolean | undefined; down: boolean }) {
  const tone = down ? 'wait' : status === 'subscribed' ? 'ok' : status === 'subscribing' ? 'wait' : 'bad'
  const word = down ? 'Paused' : status === 'subscribed' && recovered !== undefined ? (recovered ? 'Resumed' : 'Gap') : TOPIC_WORD[status]
  return (
    <View className={`topic-pill topic-pill--${tone} ${!down && recovered === false ? 'topic-pill--gap' : ''}`} id={id}>
      <View className="topic-pill__dot" />
      <Text className="topic-pill__name">{label}</Text>
      <Text className="topic-pill__state">{word}</Text>
    </View>
  )
}

/**
 * Requests ride the same socket as the topics. They are sent only while it is open, so a round
 * trip is the network's, not time spent waiting in the queue: the room's history on every
 * (re)connect, and the server's clock every 10 s.
 */
function SocketRequests({ visible, connected, onHistory }: { visible: boolean; connected: boolean; onHistory(messages: ChatMessage[]): void }) {
  const request = useRequest(LIVE_URL, { protocol, enabled: visible })
  const [time, setTime] = useState<{ now: number; rtt: number } | null>(null)
  const [failure, setFailure] = useState('')
  const [history, setHistory] = useState<ChatMessage[] | null>(null)

  useEffect(() => {
    if (!connected) return
    let live = true
    request('chat.history', { room: ROOM, limit: HISTORY }).then(
      ({ messages }) => live && setHistory(messages),
      (error: { code?: string }) => live && setFailure(`Chat history did not load: ${problemText(error) ?? 'try again'}`),
    )
    return () => void (live = false)
  }, [connected, request])

  // Handed to the page after commit; the page merges it into its list.
  useEffect(() => {
    if (history) onHistory(history)
  }, [history, onHistory])

  useEffect(() => {
    if (!connected) return
    let live = true
    const ask = () => {
      const sent = Date.now()
      request('time', null, { timeout: CLOCK_TIMEOUT_MS }).then(
        ({ now }) => live && (setTime({ now, rtt: Date.now() - sent }), setFailure('')),
        (error: { code?: string }) => live && setFailure(`Server time: ${problemText(error) ?? 'no answer'}`),
      )
    }
    ask()
    const timer = setInterval(ask, CLOCK_EVERY_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [connected, request])

  const text =
    failure ||
    (time ? `Server time ${clockTime(time.now)} · ${time.rtt} ms round trip` : connected ? 'Asking the server’s time…' : 'Server time: when connected')
  return (
    <Text className="live-facts__item" id="live-clock">
      {text}
    </Text>
  )
}

/**
 * Chat, a price ticker and who is online: three topics and two kinds of request over ONE socket
 * (taro-socket-hooks/topics). Each topic is subscribed once and, after a reconnect, again from
 * its last cursor, so the server replays what was missed or says it cannot (a gap).
 */
export default function LivePage() {
  const visible = usePageVisible()
  const stats = useSocketStats()
  const outage = useOutage()
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const [ticker, setTicker] = useState<TickerView>(NO_TICKS)
  const addHistory = useCallback((history: ChatMessage[]) => setMessages((list) => merge(list, history)), [])
  // The socket every topic and request here rides; read for its status only.
  const socket = useSocket(LIVE_URL, { enabled: visible, onOpen: outage.onOpen, onClose: outage.onClose })
  const state = connectionState(socket.status, Boolean(socket.error), outage.outage !== null)
  const connected = isLive(state)

  const chat = useTopic(LIVE_URL, CHAT_TOPIC, {
    protocol,
    enabled: visible,
    onMessage: (message) => {
      if (message.user === ME.user && message.cid) outgoing.received(message.cid)
      setMessages((list) => merge(list, [message]))
    },
  })
  // Durable: a message typed here is kept in the device's storage until the server acknowledges
  // it, so it is delivered even if the app is killed first (it goes out at the next start).
  const outgoing = useOutgoing((message) => chat.publish({ name: ME.name, user: ME.user, text: message.text, cid: message.id }, { durable: true }))
  const prices = useTopic(LIVE_URL, 'ticker', {
    protocol,
    enabled: visible,
    onMessage: (tick) =>
      setTicker((t) => {
        const before = t.rows[tick.symbol]
        return {
          rows: { ...t.rows, [tick.symbol]: { ...tick, move: before ? Math.sign(tick.price - before.price) : 0 } },
          received: t.received + 1,
          missed: t.last !== undefined && tick.seq > t.last + 1 ? t.missed + tick.seq - t.last - 1 : t.missed,
          last: tick.seq,
        }
      }),
    // A new stream (the server restarted): its numbers start again.
    onGap: () => setTicker((t) => ({ ...t, last: undefined })),
  })
  const presence = useTopic(LIVE_URL, 'presence', { protocol, enabled: visible, params: { name: ME.name, user: ME.user } })
  const online = presence.data?.online ?? []
  // Shown again, the page subscribes afresh (no cursor): a jump in the ticker is not a loss.
  useDidShow(() => setTicker((t) => ({ ...t, last: undefined })))
  useReportSocketUse('Live', '/live (3 topics)', socket.status, visible)

  const topics = [
    { id: 'topic-chat', label: 'Chat', name: 'chat', status: chat.status, recovered: chat.recovered },
    { id: 'topic-ticker', label: 'Prices', name: 'prices', status: prices.status, recovered: prices.recovered },
    { id: 'topic-presence', label: 'Online', name: 'who is online', status: presence.status, recovered: presence.recovered },
  ]
  const down = outage.outage && outage.outage.back === null ? outage.outage : null
  const back = outage.outage && outage.outage.back !== null && topics.every((t) => t.status === 'subscribed') ? outage.outage : null
  const gaps = topics.filter((t) => t.recovered === false).map((t) => t.name)
  const stale = !connected

  const items: ChatItem[] = [
    ...messages.map((m): ChatItem => ({ kind: 'message', key: m.id, name: m.name, text: m.text, mine: m.user === ME.user })),
    ...outgoing.items(),
  ]
  const note = outgoing.sending > 0 && !connected ? `${outgoing.sending} waiting · sends when connected` : undefined

  return (
    <View className="app-page app-page--docked">
      <View className="app-page__top">
        <PageHeader title="Live" subtitle="Chat, prices and who is online share one socket." state={state} stateId="live-status" />
        <View className="live-top__topics" id="live-topics">
          {topics.map((t) => (
            <TopicPill key={t.id} id={t.id} label={t.label} status={t.status} recovered={t.recovered} down={!connected && outage.outage !== null} />
          ))}
        </View>
        {down && (
          <Notice
            id="live-resume"
            className="live-top__notice"
            tone="warn"
            text={`${state === 'offline' ? 'Offline' : 'Reconnecting'} since ${clockTime(down.since)}. Prices and who is online are paused; messages you send wait.`}
          />
        )}
        {back && (
          <Notice
            id="live-resume"
            className="live-top__notice"
            tone={gaps.length ? 'warn' : 'good'}
            text={
              gaps.length === 0
                ? `Back at ${clockTime(back.back ?? back.since)} after ${duration((back.back ?? back.since) - back.since)}: every topic resumed where it left off, nothing missed.`
                : `Back at ${clockTime(back.back ?? back.since)}, but the server had restarted and could not replay ${gaps.join(', ')}. Chat history was reloaded.`
            }
            onDismiss={outage.dismiss}
          />
        )}
      </View>

      <View className="live-body">
        {/* On a desktop window this column scrolls on its own: focusable, so a keyboard can scroll it. */}
        <View className={`live-side ${stale ? 'live-side--stale' : ''}`} ariaRole="region" ariaLabel="Prices, who is online and this socket" {...focusable}>
          <View className="live-panel">
            <Text className="live-panel__title">Prices</Text>
            <View className="live-ticker" id="live-ticker">
              {SYMBOLS.map((symbol) => {
                const row = ticker.rows[symbol]
                return (
                  <View className="live-ticker__row" key={symbol} id={`tick-${symbol}`}>
                    <Text className="live-ticker__symbol">{symbol}</Text>
                    <Price className="live-ticker__price" price={row?.price} move={row?.move ?? 0} stale={stale} />
                    <Change className="live-ticker__change" percent={row?.change} stale={stale} />
                  </View>
                )
              })}
            </View>
          </View>

          <View className="live-panel">
            <Text className="live-panel__title">{stale && online.length > 0 ? 'Online when last heard' : 'Online now'}</Text>
            <View className="live-people" id="live-presence">
              <Text className="live-people__count" id="live-online-count">{`${online.length} online`}</Text>
              {online.map((person) => (
                <View className={`live-person ${person.user === ME.user ? 'live-person--me' : ''}`} key={person.user}>
                  <Text className="live-person__avatar">{initials(person.name)}</Text>
                  <Text className="live-person__name">{person.user === ME.user ? `${person.name} (you)` : person.name}</Text>
                </View>
              ))}
            </View>
          </View>

          <View className="live-panel live-facts">
            <Text className="live-panel__title">This socket</Text>
            <Text className="live-facts__item">
              <Text id="live-received">{ticker.received}</Text>
              {' ticks · '}
              <Text id="live-missed">{ticker.missed}</Text>
              {' missed'}
            </Text>
            <Text className="live-facts__item">
              <Text id="live-sockets">{`${stats.active} socket${stats.active === 1 ? '' : 's'}`}</Text>
              {` in this app (${stats.maxConnections} allowed)`}
            </Text>
            <SocketRequests visible={visible} connected={connected} onHistory={addHistory} />
          </View>
        </View>

        <View className="live-main">
          <ChatLog
            id="live-log"
            items={items}
            waiting={!connected}
            onRetry={outgoing.retry}
            emptyTitle={`No messages in #${ROOM} yet`}
            emptyHint="Say hello: everyone on this page sees it, and whoever opens it later gets it from the history request."
          />
          <Composer id="live" placeholder={`Message #${ROOM}`} note={note ?? (chat.error ? problemText(chat.error) : undefined)} onSend={outgoing.send} />
        </View>
      </View>
    </View>
  )
}
