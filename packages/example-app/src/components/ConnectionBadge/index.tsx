import { Text, View } from '@tarojs/components'
import { STATE_LABEL, type ConnectionState } from '../../connection-state'
import './index.css'

/** A socket's state as a coloured pill; the class names the state for styles and tests. */
export function ConnectionBadge({ state, id, label }: { state: ConnectionState; id?: string; label?: string }) {
  return (
    <View className={`connection-badge connection-badge--${state}`} id={id}>
      <View className="connection-badge__dot" />
      <Text className="connection-badge__label">{label ?? STATE_LABEL[state]}</Text>
    </View>
  )
}
