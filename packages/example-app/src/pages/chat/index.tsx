import { ScrollView, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { Composer } from '../../components/Composer'
import { composerNote } from '../../components/connection-note'
import { PageHeader } from '../../components/PageHeader'
import { usePageVisible } from '../../hooks/usePageVisible'
import { ME as me } from '../../me'
import { SERVER_URL } from '../../server-url'
import { useReportSocketUse } from '../../socket-usage'

/** What the server broadcasts to a room; `seq` is unique per server, so it keys the list. */
interface ChatEvent {
  type: 'join' | 'leave' | 'message' | 'pong'
  seq: number
  room: string
  name?: string
  text?: string
}

const ROOMS = ['lobby', 'design', 'random']

/**
 * Join a room, send and receive. Messages typed before the socket opened (or while it
 * reconnects) wait in the library's queue and go out, in order, once it is open.
 */
export default function ChatPage() {
  const visible = usePageVisible()
  const [room, setRoom] = useState(ROOMS[0]!)
  const [log, setLog] = useState<ChatEvent[]>([])
  const [waiting, setWaiting] = useState(0)
  // This room's socket has been open: from then on a wait is a reconnect.
  const [connectedBefore, setConnectedBefore] = useState(false)

  const { status, error, sendJson } = useSocket<ChatEvent>(`${SERVER_URL}/chat`, {
    // The room is part of the socket's URL: another room is another socket.
    data: { room, name: me },
    enabled: visible,
    parse: (raw) => JSON.parse(raw as string) as ChatEvent,
    onOpen: () => setConnectedBefore(true),
    onMessage: (event) => {
      // Late messages from the room just left arrive until its socket has closed.
      if (event.type !== 'pong' && event.room === room) setLog((items) => [...items, event].slice(-100))
    },
  })
  useReportSocketUse('Chat', `/chat?room=${room}`, status, visible)

  const changeRoom = (next: string) => {
    if (next === room) return
    setRoom(next)
    setLog([])
    setConnectedBefore(false)
  }

  const send = (text: string) => {
    setWaiting((n) => n + 1)
    const done = () => setWaiting((n) => n - 1)
    sendJson({ text }).then(done, done)
  }

  const last = log[log.length - 1]
  return (
    <View className="page chat">
      <View className="chat-top">
        <PageHeader title={`# ${room}`} subtitle={`You are ${me}. Everyone in the room sees what you send.`} status={status} statusId="chat-status" />
        <View className="chips">
          {ROOMS.map((name) => (
            <Text key={name} id={`room-${name}`} className={`chip ${name === room ? 'chip-on' : ''}`} onClick={() => changeRoom(name)}>
              {name}
            </Text>
          ))}
        </View>
      </View>

      <ScrollView className="chat-log" id="chat-log" scrollY scrollWithAnimation scrollIntoView={last ? `m${last.seq}` : ''}>
        {log.length === 0 && (
          <View className="empty">
            <Text className="empty-title">{`No messages in #${room} yet`}</Text>
            <Text className="muted">Open this page in a second window to talk to yourself.</Text>
          </View>
        )}
        {log.map((event) =>
          event.type === 'message' ? (
            <View key={event.seq} id={`m${event.seq}`} className={`bubble-row ${event.name === me ? 'bubble-row-mine' : ''}`}>
              <View className={`bubble ${event.name === me ? 'bubble-mine' : ''}`}>
                {event.name !== me && <Text className="bubble-name">{event.name}</Text>}
                <Text className="bubble-text">{event.text}</Text>
              </View>
            </View>
          ) : (
            <View key={event.seq} id={`m${event.seq}`} className="system-line">
              <Text>{`${event.name === me ? 'You' : event.name} ${event.type === 'join' ? 'joined' : 'left'}`}</Text>
            </View>
          ),
        )}
      </ScrollView>

      <Composer id="chat" placeholder={`Message #${room}`} note={composerNote(waiting, status, connectedBefore, error)} onSend={send} />
    </View>
  )
}
