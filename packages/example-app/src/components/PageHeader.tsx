import { Text, View } from '@tarojs/components'
import type { SocketStatus } from 'taro-socket-hooks'
import { StatusBadge } from './StatusBadge'

/** A page's title with its socket's status next to it. */
export function PageHeader({ title, status, statusId }: { title: string; status: SocketStatus; statusId: string }) {
  return (
    <View className="row">
      <Text className="title grow">{title}</Text>
      <StatusBadge status={status} testId={statusId} />
    </View>
  )
}
