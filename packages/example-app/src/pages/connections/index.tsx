import { Button, Text, View } from '@tarojs/components'
import { useCallback, useState, useSyncExternalStore } from 'react'
import { useSocket, useSocketRegistry } from 'taro-socket-hooks'
import { StatusBadge } from '../../components/StatusBadge'
import { SERVER_URL } from '../../server-url'

function Channel({ index }: { index: number }) {
  const { status } = useSocket(`${SERVER_URL}/echo`, { data: { channel: index } })
  return (
    <View className="row channel" id={`channel-${index}`}>
      <Text className="grow">{`Channel ${index + 1}`}</Text>
      <StatusBadge status={status} />
    </View>
  )
}

/**
 * Asks for more sockets than the platform allows. The registry keeps the number open at
 * the platform's limit and queues the rest; closing one lets the next in.
 */
export default function ConnectionsPage() {
  const registry = useSocketRegistry()
  const [count, setCount] = useState(registry.maxConnections + 2)
  const subscribe = useCallback((onChange: () => void) => registry.watch(onChange), [registry])
  const summary = useSyncExternalStore(subscribe, () => {
    const { active, queued } = registry.stats()
    return `${active} holding a slot · ${queued} queued`
  })

  return (
    <View className="page">
      <View className="card">
        <Text className="title">{`Platform: ${registry.platform ?? 'unknown'} · limit ${registry.maxConnections}`}</Text>
        <View>
          <Text className="hint" id="registry-summary">
            {summary}
          </Text>
        </View>
        <View className="row">
          <Button size="mini" id="add-channel" onClick={() => setCount((n) => n + 1)}>
            Open one more
          </Button>
          <Button size="mini" className="button" id="remove-channel" onClick={() => setCount((n) => Math.max(0, n - 1))}>
            Close one
          </Button>
        </View>
      </View>
      <View className="card">
        {Array.from({ length: count }, (_, i) => (
          <Channel key={i} index={i} />
        ))}
      </View>
    </View>
  )
}
