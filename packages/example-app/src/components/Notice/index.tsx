import { Text, View } from '@tarojs/components'
import { focusable } from '../../focusable'
import './index.css'

export type NoticeTone = 'info' | 'good' | 'warn' | 'bad'

/** A one-line strip under a page's header: what the connection means for what is on screen. */
export function Notice({ id, tone, text, onDismiss, className }: { id?: string; tone: NoticeTone; text: string; onDismiss?: () => void; className?: string }) {
  return (
    <View className={`notice notice--${tone} ${className ?? ''}`} id={id} ariaRole="status">
      <Text className="notice__text">{text}</Text>
      {onDismiss && (
        <Text className="notice__dismiss" id={id ? `${id}-dismiss` : undefined} onClick={onDismiss} {...focusable}>
          Dismiss
        </Text>
      )}
    </View>
  )
}
