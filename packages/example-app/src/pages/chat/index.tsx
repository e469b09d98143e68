import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useSocket } from 'taro-socket-hooks'
import { ChatLog, type ChatItem } from '../../components/ChatLog'
import { Composer } from '../../components/Composer'
import { PageHeader } from '../../components/PageHeader'
import { connectionState, problemText } from '../../connection-state'
import { useOutgoing } from '../../hooks/useOutgoing'
import { usePageVisible } from '../../hooks/usePageVisible'
import { ME } from '../../people'
import { focusable } from '../../focusable'
import { SERVER_URL } from '../../server-url'
import { useReportSocketUse } from '../../socket-usage'
import './index.css'

/** What the server sends to a room (server/example-server.mjs). */
type ChatEvent =
  | { type: 'join' | 'leave'; room: string; name: string; user: string; here: string[] }
  | { type: 'message'; room: string; name: string; user: string; text: string; id?: string }
  | { type: 'refused'; room: string; id?: string; message: string }
  | { type: 'pong' }

const ROOMS = ['lobby', 'design', 'random']
/** Messages kept on screen. */
const KEEP = 100

// Keys made here: the server's `seq` starts again when it restarts, so it cannot key a list.
let made = 0
const nextKey = (prefix: string) => `${prefix}${++made}`

/**
 * Join a room, send and receive. A message shows at once with its delivery under it: sending
 * (waiting in the library's queue while the socket is not open), sent (handed to the socket),
 * then it becomes the server's copy when that comes back; or not sent, with Retry.
 */
export default function ChatPage() {
  const visible = usePageVisible()
  const [room, setRoom] = useState(ROOMS[0] ?? 'lobby')
  const [log, setLog] = useState<ChatItem[]>([])
  const [here, setHere] = useState<string[]>([])
  // This room's socket has been open: from then on a wait is a reconnect.
  const [connectedBefore, setConnectedBefore] = useState(false)

  const { status, error, sendJson } = useSocket<ChatEvent>(`${SERVER_URL}/chat`, {
    // The room is part of the socket's URL: another room is another socket.
    data: { room, name: ME.name, user: ME.user },
    enabled: visible,
    parse: (raw) => JSON.parse(raw as string) as ChatEvent,
    onOpen: () => {
      // Back after a drop: this server keeps no history, so say what may be missing.
      if (connectedBefore)
        setLog((items) => [...items, { kind: 'divider', key: nextKey('d'), text: 'Reconnected · messages sent while you were away are not shown' }])
      setConnectedBefore(true)
    },
    onMessage: (event) => {
      // Late messages from the room just left arrive until its socket has closed.
      if (event.type === 'pong' || event.room !== room) return
      if (event.type === 'refused') {
        if (event.id) outgoing.refused(event.id, event.message)
        return
      }
      if (event.type !== 'message') return setHere(event.here)
      const mine = event.user === ME.user
      if (mine && event.id) outgoing.received(event.id)
      const item: ChatItem = { kind: 'message', key: nextKey('m'), name: event.name, text: event.text, mine }
      setLog((items) => [...items, item].slice(-KEEP))
    },
  })
  // Resolves once the library handed it to the open socket; it waits in the library's queue before.
  const outgoing = useOutgoing((message) => sendJson({ text: message.text, id: message.id }))
  useReportSocketUse('Chat', `/chat?room=${room}`, status, visible)
  const state = connectionState(status, Boolean(error), connectedBefore)

  const changeRoom = (next: string) => {
    if (next === room) return
    setRoom(next)
    setLog([])
    outgoing.clear()
    setHere([])
    setConnectedBefore(false)
  }

  const items = [...log, ...outgoing.items()]
  const others = here.filter((name) => name !== ME.name).length
  const waiting = outgoing.sending
  const note =
    waiting > 0 && state !== 'connected'
      ? `${waiting} waiting · sends when ${state === 'offline' ? 'the server is back' : 'connected'}`
      : state === 'offline' || state === 'closed'
        ? problemText(error)
        : undefined

  return (
    <View className="app-page app-page--docked">
      <View className="app-page__top">
        <PageHeader
          title={`#${room}`}
          subtitle={`You are ${ME.name}. ${here.length === 0 ? 'Everyone in the room sees what you send.' : others === 0 ? 'Nobody else is here yet.' : `${others} other${others === 1 ? '' : 's'} here.`}`}
          state={state}
          stateId="chat-status"
        />
        <View className="chat-page__rooms">
          {ROOMS.map((name) => (
            <View
              key={name}
              id={`room-${name}`}
              className={`chat-page__room ${name === room ? 'chat-page__room--on' : ''}`}
              ariaRole="button"
              ariaLabel={name === room ? `#${name}, the room you are in` : `Go to #${name}`}
              onClick={() => changeRoom(name)}
              {...focusable}
            >
              <Text>{`#${name}`}</Text>
            </View>
          ))}
        </View>
      </View>

      <ChatLog
        id="chat-log"
        items={items}
        waiting={state !== 'connected'}
        onRetry={outgoing.retry}
        emptyTitle={`No messages in #${room} yet`}
        emptyHint="Open this page in a second window to talk to yourself."
      />

      <Composer id="chat" placeholder={`Message #${room}`} note={note} onSend={outgoing.send} />
    </View>
  )
}
