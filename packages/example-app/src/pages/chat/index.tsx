import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { PageHeader } from '../../components/PageHeader'
import { SERVER_URL } from '../../server-url'

interface ChatEvent {
  type: 'join' | 'leave' | 'message' | 'pong'
  name?: string
  text?: string
  id?: string
  at?: number
}

const me = `guest-${Math.floor(Math.random() * 1000)}`

/**
 * Join a room, send and receive. Messages typed before the socket opened (or while it
 * reconnects) are queued and delivered, in order, once it is open.
 */
export default function ChatPage() {
  const [room, setRoom] = useState('lobby')
  const [roomDraft, setRoomDraft] = useState('lobby')
  const [draft, setDraft] = useState('')
  const [log, setLog] = useState<ChatEvent[]>([])
  const [queued, setQueued] = useState(0)

  const { status, error, sendJson } = useSocket<ChatEvent>(`${SERVER_URL}/chat`, {
    data: { room, name: me },
    parse: (raw) => JSON.parse(raw as string) as ChatEvent,
    onMessage: (event) => {
      if (event.type !== 'pong') setLog((items) => [...items, event].slice(-50))
    },
  })

  const send = () => {
    const text = draft.trim()
    if (!text) return
    setDraft('')
    if (status !== 'open') setQueued((n) => n + 1)
    sendJson({ text, id: `${Date.now()}` }).then(
      () => status !== 'open' && setQueued((n) => n - 1),
      () => status !== 'open' && setQueued((n) => n - 1),
    )
  }

  return (
    <View className="page">
      <View className="card">
        <PageHeader title="Room" status={status} statusId="chat-status" />
        <View className="row">
          {/* The room is part of the socket URL: joining another room moves to another socket. */}
          <Input
            className="input grow"
            id="room-input"
            value={roomDraft}
            onInput={(e) => setRoomDraft(e.detail.value)}
            onConfirm={() => setRoom(roomDraft.trim() || 'lobby')}
            onBlur={() => setRoom(roomDraft.trim() || 'lobby')}
          />
        </View>
        <Text className="hint">
          You are {me}. {queued > 0 ? `${queued} message(s) wait for the socket to open.` : ''}
          {error ? ` ${error.code}: ${error.message}` : ''}
        </Text>
      </View>
      <View className="card" id="chat-log">
        {log.length === 0 && <Text className="hint">No messages yet.</Text>}
        {log.map((event, i) => (
          <View key={i} className={`message ${event.name === me ? 'mine' : ''}`}>
            {event.type === 'message' ? `${event.name}: ${event.text}` : `${event.name} ${event.type === 'join' ? 'joined' : 'left'}`}
          </View>
        ))}
      </View>
      <View className="card row">
        <Input
          className="input grow"
          id="chat-input"
          value={draft}
          placeholder="Say something"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={send}
        />
        <Button className="button" id="chat-send" size="mini" type="primary" onClick={send}>
          Send
        </Button>
      </View>
    </View>
  )
}
