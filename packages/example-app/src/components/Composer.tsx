import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'

/** The docked message box of the chat pages: a note above (waiting, an error), an input and Send. */
export function Composer({ id, placeholder, note, onSend }: { id: string; placeholder: string; note?: string; onSend: (text: string) => void }) {
  const [draft, setDraft] = useState('')
  const send = () => {
    const text = draft.trim()
    if (!text) return
    setDraft('')
    onSend(text)
  }
  return (
    <View className="composer">
      {note && (
        <Text className="composer-note" id={`${id}-note`}>
          {note}
        </Text>
      )}
      <View className="composer-row">
        <Input
          className="composer-input"
          id={`${id}-input`}
          value={draft}
          placeholder={placeholder}
          confirmType="send"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={send}
        />
        <Button className="btn btn-primary composer-send" id={`${id}-send`} onClick={send}>
          Send
        </Button>
      </View>
    </View>
  )
}
