import { ScrollView, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { initials } from '../../people'
import { focusable } from '../../focusable'
import './index.css'

/** Where a message of mine is: waiting to go out, handed to the socket, or not sent (with why). */
export type Delivery = 'sending' | 'sent' | 'failed'

export type ChatItem =
  | { kind: 'message'; key: string; name: string; text: string; mine: boolean; delivery?: Delivery; problem?: string }
  /** A line across the log: where the connection dropped, and what that means for the messages. */
  | { kind: 'divider'; key: string; text: string }

const DELIVERY_TEXT: Record<Delivery, string> = { sending: 'Sending…', sent: 'Sent', failed: 'Not sent' }

function Bubble({ item, onRetry, waiting }: { item: Extract<ChatItem, { kind: 'message' }>; onRetry?: (key: string) => void; waiting: boolean }) {
  const delivery = item.delivery
  return (
    <View className={`chat-message ${item.mine ? 'chat-message--mine' : ''}`}>
      {!item.mine && <Text className="chat-message__avatar">{initials(item.name)}</Text>}
      <View className="chat-message__body">
        {!item.mine && <Text className="chat-message__name">{item.name}</Text>}
        <View className={`chat-message__bubble ${delivery ? `chat-message__bubble--${delivery}` : ''}`}>
          <Text className="chat-message__text">{item.text}</Text>
        </View>
        {delivery && (
          <View className={`chat-message__delivery chat-message__delivery--${delivery}`}>
            <Text>{delivery === 'sending' && waiting ? 'Waiting for the connection…' : (item.problem ?? DELIVERY_TEXT[delivery])}</Text>
            {delivery === 'failed' && onRetry && (
              <Text className="chat-message__retry" onClick={() => onRetry(item.key)} {...focusable}>
                Retry
              </Text>
            )}
          </View>
        )}
      </View>
    </View>
  )
}

/**
 * A chat's messages in a scrolling column, the newest at the bottom and scrolled to; my own
 * messages on the right with their delivery under them until the server has them.
 * `waiting`: the connection is down, so a message being sent waits for it.
 */
export function ChatLog(props: {
  id: string
  items: readonly ChatItem[]
  emptyTitle: string
  emptyHint: string
  waiting: boolean
  onRetry?: (key: string) => void
}) {
  const { id, items } = props
  const last = items[items.length - 1]
  // The anchor under the newest item changes id with it, so each new item scrolls it into view.
  // Only letters, digits and dashes: the platforms find it by a CSS id selector.
  const anchor = `${id}-end-${(last?.key ?? 'empty').replace(/[^A-Za-z0-9-]/g, '-')}`
  // Scrolled to a commit later: the platform looks the anchor up when the prop changes, and in
  // the commit that renames it the old name may still be on the page.
  const [target, setTarget] = useState('')
  useEffect(() => setTarget(anchor), [anchor])
  return (
    <ScrollView className="chat-log" id={id} scrollY scrollWithAnimation scrollIntoView={target} scrollIntoViewAlignment="end">
      {items.length === 0 && (
        <View className="chat-log__empty">
          <Text className="chat-log__empty-title">{props.emptyTitle}</Text>
          <Text className="chat-log__empty-hint">{props.emptyHint}</Text>
        </View>
      )}
      {items.map((item) =>
        item.kind === 'divider' ? (
          <View key={item.key} className="chat-log__divider">
            <Text className="chat-log__divider-text">{item.text}</Text>
          </View>
        ) : (
          <Bubble key={item.key} item={item} onRetry={props.onRetry} waiting={props.waiting} />
        ),
      )}
      <View className="chat-log__end" id={anchor} />
    </ScrollView>
  )
}
