import { Text } from '@tarojs/components'
import type { SocketStatus } from 'taro-socket-hooks'

export function StatusBadge({ status, testId }: { status: SocketStatus | 'released'; testId?: string }) {
  return (
    <Text className={`badge badge-${status}`} id={testId}>
      {status}
    </Text>
  )
}
