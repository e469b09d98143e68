import { ScrollView, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { useSocketStats } from 'taro-socket-hooks'
import { useRequest, useTopic, type TopicStatus } from 'taro-socket-hooks/topics'
import { Composer } from '../../components/Composer'
import { problemText } from '../../components/connection-note'
import { usePageVisible } from '../../hooks/usePageVisible'
import { ME } from '../../me'
import { useReportSocketUse } from '../../socket-usage'
import { CHAT_TOPIC, LIVE_URL, ROOM, protocol, type ChatMessage, type Tick } from './protocol'

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']
const HISTORY = 50

interface TickerView {
  rows: Record<string, Tick & { move: number }>
  received: number
  /** Events the server sent but this page never got: jumps in `seq` while subscribed. */
  missed: number
  last: number | undefined
}
const NO_TICKS: TickerView = { rows: {}, received: 0, missed: 0, last: undefined }

/** What the last reconnect did: every topic resumed from its cursor, or some had a gap. */
interface Resume {
  at: number
  gaps: string[]
  count: number
}

/** Adds messages not seen yet (by id), in server order; history and live events overlap. */
function merge(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const seen = new Set(list.map((m) => m.id))
  const added = incoming.filter((m) => !seen.has(m.id))
  if (added.length === 0) return list as ChatMessage[]
  return [...list, ...added].sort((a, b) => a.at - b.at || a.seq - b.seq).slice(-200)
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8)
const initials = (name: string) => name.replace(/^guest-/, '').slice(0, 3)

function TopicPill({ id, label, status, recovered }: { id: string; label: string; status: TopicStatus; recovered: boolean | undefined }) {
  const tone = status === 'subscribed' ? 'ok' : status === 'subscribing' ? 'wait' : 'bad'
  return (
    <View className={`topic topic-${tone}`} id={id}>
      <View className="topic-head">
        <View className="topic-dot" />
        <Text className="topic-name">{label}</Text>
      </View>
      <Text className="topic-status">{status}</Text>
      <Text className={`topic-resume ${recovered === false ? 'topic-gap' : ''}`}>
        {recovered === undefined ? ' ' : recovered ? '↺ replayed' : 'gap: not replayed'}
      </Text>
    </View>
  )
}

/**
 * Requests ride the same socket as the topics; like them they let go of it while the page is
 * hidden (`enabled`), so a hidden tab gives the socket back. It loads the room's history (again
 * after a gap) and asks the server's clock every 10 s while the page is on screen.
 */
function SocketRequests({ visible, historyRound, onHistory }: { visible: boolean; historyRound: number; onHistory(messages: ChatMessage[]): void }) {
  const request = useRequest(LIVE_URL, { protocol, enabled: visible })
  const [time, setTime] = useState<{ now: number; rtt: number } | null>(null)
  const [failure, setFailure] = useState('')
  const onHistoryRef = useRef(onHistory)
  onHistoryRef.current = onHistory

  useEffect(() => {
    if (!visible) return
    let live = true
    request('chat.history', { room: ROOM, limit: HISTORY }).then(
      ({ messages }) => live && onHistoryRef.current(messages),
      (error: { code?: string }) => live && setFailure(`history: ${error.code ?? 'failed'}`),
    )
    return () => void (live = false)
  }, [visible, request, historyRound])

  useEffect(() => {
    if (!visible) return
    let live = true
    const ask = () => {
      const sent = Date.now()
      request('time', null, { timeout: 5000 }).then(
        ({ now }) => live && (setTime({ now, rtt: Date.now() - sent }), setFailure('')),
        (error: { code?: string }) => live && setFailure(`time: ${error.code ?? 'failed'}`),
      )
    }
    ask()
    const timer = setInterval(ask, 10_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [visible, request])

  return (
    <Text className="fact" id="live-clock">
      {failure || (time ? `server clock ${clock(time.now)} · ${time.rtt} ms round trip` : 'asking the server clock…')}
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
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const [ticker, setTicker] = useState<TickerView>(NO_TICKS)
  const [historyRound, setHistoryRound] = useState(0)
  const [sendError, setSendError] = useState('')
  const [resume, setResume] = useState<Resume | null>(null)

  const chat = useTopic(LIVE_URL, CHAT_TOPIC, {
    protocol,
    enabled: visible,
    onMessage: (message) => setMessages((list) => merge(list, [message])),
    // The server could not replay what this page missed: ask for the room's history again.
    onGap: () => setHistoryRound((n) => n + 1),
  })
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
  const presence = useTopic(LIVE_URL, 'presence', { protocol, enabled: visible, params: { name: ME } })
  const online = presence.data?.online ?? []

  // Shown again, the page subscribes afresh (no cursor): a jump in the ticker is not a loss.
  useEffect(() => setTicker((t) => ({ ...t, last: undefined })), [visible])

  // A reconnect: the topics go back to subscribing, then each is confirmed with `recovered`.
  const topics = [
    { name: `#${ROOM}`, status: chat.status, recovered: chat.recovered },
    { name: 'ticker', status: prices.status, recovered: prices.recovered },
    { name: 'presence', status: presence.status, recovered: presence.recovered },
  ]
  const allSubscribed = topics.every((t) => t.status === 'subscribed')
  const resubscribing = topics.some((t) => t.status === 'subscribing')
  const gapsKey = topics.map((t) => `${t.name}:${String(t.recovered)}`).join(',')
  const phase = useRef<'starting' | 'subscribed' | 'dropped'>('starting')
  useEffect(() => {
    if (!visible) phase.current = 'starting'
    else if (allSubscribed) {
      if (phase.current === 'dropped') {
        const gaps = topics.filter((t) => t.recovered === false).map((t) => t.name)
        setResume((r) => ({ at: Date.now(), gaps, count: (r?.count ?? 0) + 1 }))
      }
      phase.current = 'subscribed'
    } else if (resubscribing && phase.current === 'subscribed') phase.current = 'dropped'
    // `topics` is read only when the statuses and recovered flags (the deps) change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible, allSubscribed, resubscribing, gapsKey])

  useReportSocketUse('Live', '/live (3 topics)', chat.status === 'subscribed' ? 'open' : chat.status === 'subscribing' ? 'connecting' : 'closed', visible)

  const send = (text: string) => {
    setSendError('')
    chat.publish({ name: ME, text }).catch((error: { code?: string }) => setSendError(problemText(error) ?? ''))
  }

  const sockets = stats.active
  const last = messages[messages.length - 1]
  const rows = SYMBOLS.map((s) => ticker.rows[s])

  return (
    <View className="page chat live">
      <View className="chat-top">
        <View className="header">
          <View className="header-text">
            <Text className="title">Live</Text>
            <Text className="subtitle">{`Chat, prices and who is online share one socket (${stats.maxConnections} allowed here).`}</Text>
          </View>
          <Text className={`badge ${sockets === 1 ? 'badge-open' : 'badge-connecting'}`} id="live-sockets">
            {`${sockets} socket${sockets === 1 ? '' : 's'}`}
          </Text>
        </View>
        <View className="topics" id="live-topics">
          <TopicPill id="topic-chat" label={topics[0]!.name} status={chat.status} recovered={chat.recovered} />
          <TopicPill id="topic-ticker" label="ticker" status={prices.status} recovered={prices.recovered} />
          <TopicPill id="topic-presence" label="presence" status={presence.status} recovered={presence.recovered} />
        </View>
      </View>

      <View className="live-body">
        <View className="live-side">
          <View className="side-card">
            <Text className="side-title">Prices · ticker topic</Text>
            <View className="ticks" id="live-ticker">
              {rows.map((row, i) => (
                <View className="tick" key={SYMBOLS[i]} id={`tick-${SYMBOLS[i]}`}>
                  <Text className="tick-symbol">{SYMBOLS[i]}</Text>
                  <Text className="tick-price">
                    {row && <Text className={`arrow ${row.move > 0 ? 'up' : 'down'}`}>{row.move > 0 ? '▲' : row.move < 0 ? '▼' : ''}</Text>}
                    {row ? row.price.toFixed(2) : '—'}
                  </Text>
                  <Text className={`tick-change ${row && row.change > 0 ? 'up' : row && row.change < 0 ? 'down' : 'muted'}`}>
                    {row ? `${row.change >= 0 ? '+' : ''}${row.change.toFixed(2)}%` : ' '}
                  </Text>
                </View>
              ))}
            </View>
          </View>

          <View className="side-card">
            <Text className="side-title">Online · presence topic</Text>
            <View className="people" id="live-presence">
              <Text className="people-count" id="live-online-count">{`${online.length} online`}</Text>
              {online.map((person) => (
                <View className={`person ${person.name === ME ? 'person-me' : ''}`} key={person.name}>
                  <Text className="avatar">{initials(person.name)}</Text>
                  <Text className="person-name">{person.name === ME ? `${person.name} (you)` : person.name}</Text>
                </View>
              ))}
            </View>
          </View>

          <View className="side-card facts">
            <Text className="side-title">This socket</Text>
            <Text className="fact" id="live-ticks">
              <Text id="live-received">{ticker.received}</Text>
              {' ticks received · '}
              <Text id="live-missed">{ticker.missed}</Text>
              {' missed'}
            </Text>
            <SocketRequests visible={visible} historyRound={historyRound} onHistory={(history) => setMessages((list) => merge(list, history))} />
          </View>
        </View>

        <View className="live-main">
          {resume && (
            <View className={`resume ${resume.gaps.length ? 'resume-gap' : ''}`} id="live-resume">
              <Text>
                {resume.gaps.length === 0
                  ? `Reconnected at ${clock(resume.at)}: every topic resumed from its last cursor, nothing missed.`
                  : `Reconnected at ${clock(resume.at)}, but the server lost its history: a gap in ${resume.gaps.join(', ')}. Chat history reloaded.`}
              </Text>
            </View>
          )}
          <ScrollView className="chat-log" id="live-log" scrollY scrollWithAnimation scrollIntoView={last ? `lm${last.seq}-${last.at}` : ''}>
            {messages.length === 0 && (
              <View className="empty">
                <Text className="empty-title">{`No messages in #${ROOM} yet`}</Text>
                <Text className="muted">Say hello: everyone on this page sees it, and whoever opens it later gets it from the history request.</Text>
              </View>
            )}
            {messages.map((m) => (
              <View key={m.id} id={`lm${m.seq}-${m.at}`} className={`bubble-row ${m.name === ME ? 'bubble-row-mine' : ''}`}>
                <View className={`bubble ${m.name === ME ? 'bubble-mine' : ''}`}>
                  {m.name !== ME && <Text className="bubble-name">{m.name}</Text>}
                  <Text className="bubble-text">{m.text}</Text>
                </View>
              </View>
            ))}
          </ScrollView>

          <Composer id="live" placeholder={`Message #${ROOM}`} note={sendError || problemText(chat.error)} onSend={send} />
        </View>
      </View>
    </View>
  )
}
