import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { SocketStatus } from 'taro-socket-hooks'
import { StatusBadge } from './StatusBadge'

/** A page's title and one-line explanation, with its socket's status on the right. */
export function PageHeader(props: { title: string; subtitle: ReactNode; status?: SocketStatus; statusId?: string }) {
  return (
    <View className="header">
      <View className="header-text">
        <Text className="title">{props.title}</Text>
        <Text className="subtitle">{props.subtitle}</Text>
      </View>
      {props.status && <StatusBadge status={props.status} testId={props.statusId} />}
    </View>
  )
}
