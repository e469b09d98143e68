import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { ConnectionState } from '../../connection-state'
import { ConnectionBadge } from '../ConnectionBadge'
import './index.css'

/** A page's title and one-line explanation, with its connection's state on the right. */
export function PageHeader(props: { title: string; subtitle: ReactNode; state?: ConnectionState; stateId?: string; stateLabel?: string }) {
  return (
    <View className="page-header">
      <View className="page-header__text">
        <Text className="page-header__title">{props.title}</Text>
        <Text className="page-header__subtitle">{props.subtitle}</Text>
      </View>
      {props.state && <ConnectionBadge state={props.state} id={props.stateId} label={props.stateLabel} />}
    </View>
  )
}
