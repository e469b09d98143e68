import { Button, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useSocket, useSocketRegistry, type SocketStatus } from 'taro-socket-hooks'
import { PageHeader } from '../../components/PageHeader'
import { StatusBadge } from '../../components/StatusBadge'
import { usePageVisible } from '../../hooks/usePageVisible'
import { SERVER_URL } from '../../server-url'
import { useSocketUses } from '../../socket-usage'

const HOLDS_SLOT: ReadonlySet<SocketStatus> = new Set(['connecting', 'open', 'closing'])

function Channel(props: { id: number; enabled: boolean; onStatus(id: number, status: SocketStatus): void; onClose(id: number): void }) {
  const { id, onStatus } = props
  // Each channel has its own URL (?channel=id), so each is its own socket.
  const { status } = useSocket(`${SERVER_URL}/echo`, { data: { channel: id }, enabled: props.enabled })
  useEffect(() => onStatus(id, status), [id, status, onStatus])
  return (
    <View className="channel" id={`channel-${id}`}>
      <View className="channel-text">
        <Text className="channel-name">{`Channel ${id}`}</Text>
        <Text className="muted mono">{`/echo?channel=${id}`}</Text>
      </View>
      <StatusBadge status={status} />
      <Text className="channel-close" id={`close-${id}`} onClick={() => props.onClose(id)}>
        ✕
      </Text>
    </View>
  )
}

/**
 * Asks for two sockets more than the platform allows. The registry keeps the open ones at
 * the limit and queues the rest; closing an open channel lets the first queued one in.
 */
export default function ConnectionsPage() {
  const visible = usePageVisible()
  const registry = useSocketRegistry()
  const max = registry.maxConnections
  const [channels, setChannels] = useState(() => Array.from({ length: max + 2 }, (_, i) => i + 1))
  const [statuses, setStatuses] = useState<Record<number, SocketStatus>>({})
  const uses = useSocketUses().filter((u) => u.page !== 'Connections')

  const subscribe = useCallback((onChange: () => void) => registry.watch(onChange), [registry])
  const active = useSyncExternalStore(subscribe, () => registry.stats().active)
  const queued = useSyncExternalStore(subscribe, () => registry.stats().queued)

  const onStatus = useCallback((id: number, status: SocketStatus) => setStatuses((s) => (s[id] === status ? s : { ...s, [id]: status })), [])
  const remove = useCallback((id: number) => setChannels((list) => list.filter((c) => c !== id)), [])
  const add = () => setChannels((list) => [...list, (list[list.length - 1] ?? 0) + 1])
  const live = channels.map((id) => ({ id, status: statuses[id] ?? 'idle' }))
  const firstOpen = live.find((c) => c.status === 'open')
  const mine = live.filter((c) => HOLDS_SLOT.has(c.status)).length
  const waiting = live.filter((c) => c.status === 'queued').length

  return (
    <View className="page">
      <View className="card">
        <PageHeader
          title="Socket slots"
          subtitle={`${registry.platform ?? 'This platform'} lets an app hold ${max} socket${max === 1 ? '' : 's'} at once. The registry keeps within that and queues the rest.`}
        />
        <View className="meter" id="slot-meter">
          {Array.from({ length: max }, (_, i) => (
            <View key={i} className={`slot ${i < mine ? 'slot-mine' : i < active ? 'slot-other' : ''}`} />
          ))}
        </View>
        <Text className="summary" id="registry-summary">{`${active} of ${max} slots in use · ${queued} waiting`}</Text>
        <View className="legend">
          <View className="legend-row">
            <View className="dot slot-mine" />
            <Text className="grow">This page</Text>
            <Text className="muted" id="usage-here">{`${mine} in use · ${waiting} waiting`}</Text>
          </View>
          {uses.map((u) => (
            <View className="legend-row" key={u.page}>
              <View className={`dot ${HOLDS_SLOT.has(u.status as SocketStatus) ? 'slot-other' : ''}`} />
              <Text className="grow">{`${u.page} · ${u.socket}`}</Text>
              <Text className="muted">{u.status === 'released' ? 'released while hidden' : u.status}</Text>
            </View>
          ))}
        </View>
        <Text className="note">Hidden tabs give their sockets back (useDidHide → enabled: false) and take them again when shown.</Text>
      </View>

      <View className="card">
        <View className="card-head">
          <Text className="card-title">{`Channels (${channels.length})`}</Text>
          <View className="actions">
            <Button className="btn" id="add-channel" onClick={add}>
              Open one more
            </Button>
            <Button className={`btn btn-primary ${firstOpen ? '' : 'btn-off'}`} id="remove-channel" onClick={() => firstOpen && remove(firstOpen.id)}>
              Close an open one
            </Button>
          </View>
        </View>
        <View className="channels">
          {channels.map((id) => (
            <Channel key={id} id={id} enabled={visible} onStatus={onStatus} onClose={remove} />
          ))}
        </View>
      </View>
    </View>
  )
}
