import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { focusable } from '../../focusable'
import './index.css'

/** The longest message the example server takes; the input stops there instead of at Taro's default 140. */
export const MESSAGE_LIMIT = 500
/** From here on the composer shows how much room is left. */
const COUNT_FROM = MESSAGE_LIMIT - 100

/** The docked message box of the chat pages: a note above (what waits, a problem), an input and Send. */
export function Composer({ id, placeholder, note, onSend }: { id: string; placeholder: string; note?: string; onSend: (text: string) => void }) {
  const [draft, setDraft] = useState('')
  const send = () => {
    const text = draft.trim()
    if (!text) return
    setDraft('')
    onSend(text)
  }
  return (
    <View className="composer" id={`${id}-composer`}>
      {(note || draft.length >= COUNT_FROM) && (
        <View className="composer__meta">
          <Text className="composer__note" id={`${id}-note`}>
            {note ?? ''}
          </Text>
          {draft.length >= COUNT_FROM && <Text className="composer__count">{`${draft.length} / ${MESSAGE_LIMIT}`}</Text>}
        </View>
      )}
      <View className="composer__row">
        <Input
          className="composer__input"
          id={`${id}-input`}
          value={draft}
          maxlength={MESSAGE_LIMIT}
          placeholder={placeholder}
          ariaLabel={placeholder}
          confirmType="send"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={send}
        />
        <Button className="composer__send" id={`${id}-send`} onClick={send} {...focusable}>
          Send
        </Button>
      </View>
    </View>
  )
}
