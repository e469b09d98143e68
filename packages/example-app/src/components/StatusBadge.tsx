import { Text } from '@tarojs/components'
import type { SocketStatus } from 'taro-socket-hooks'

export function StatusBadge({ status, testId }: { status: SocketStatus; testId?: string }) {
  return (
    <Text className={`status status-${status}`} id={testId}>
      {status}
    </Text>
  )
}
