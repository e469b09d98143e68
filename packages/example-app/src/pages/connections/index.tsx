import { Button, Text, View } from '@tarojs/components'
import { useCallback, useState, useSyncExternalStore } from 'react'
import { useSocket, useSocketRegistry, useSocketStats, type SocketRegistry, type SocketStatus } from 'taro-socket-hooks'
import { Card } from '../../components/Card'
import { ConnectionBadge } from '../../components/ConnectionBadge'
import { PageHeader } from '../../components/PageHeader'
import { connectionState, STATE_LABEL } from '../../connection-state'
import { usePageVisible } from '../../hooks/usePageVisible'
import { focusable } from '../../focusable'
import { SERVER_URL } from '../../server-url'
import { useSocketUses } from '../../socket-usage'
import './index.css'

/** The statuses that hold a platform slot: a reconnecting socket keeps its place. */
const HOLDS_SLOT: ReadonlySet<SocketStatus | 'released'> = new Set(['connecting', 'open', 'closing', 'reconnecting'])
/** Channels asked for beyond the limit, to show the queue. */
const EXTRA = 2

// Each channel has its own URL (?channel=id), so each is its own socket.
const channelRequest = (id: number) => ({ url: `${SERVER_URL}/echo`, data: { channel: id } })

/** The slots the platform (or, in a browser, the library) gives an app, in words. */
function limitText(platform: string | undefined, max: number): string {
  const sockets = `${max} socket${max === 1 ? '' : 's'}`
  switch (platform) {
    case 'weapp':
      return `WeChat lets a mini-program hold ${sockets} at once; the library keeps within that and queues the rest.`
    case 'alipay':
      return `Alipay lets a mini-program hold ${sockets} at once; the library keeps within that and queues the rest.`
    case 'h5':
      return `In a browser the library holds up to ${sockets} at once and queues the rest.`
    default:
      return `This app holds up to ${sockets} at once; the library queues the rest.`
  }
}

/**
 * This page's channels that hold a slot, read from the registry itself: the meter counts what
 * the library counts. Channels closed a moment ago count until their socket has gone.
 */
function useSlotsHeld(registry: SocketRegistry, opened: number): { held: number; firstHolding: number | undefined } {
  const read = useCallback(() => {
    const holding: number[] = []
    for (let id = 1; id <= opened; id++) if (HOLDS_SLOT.has(registry.peek(channelRequest(id))?.status ?? 'idle')) holding.push(id)
    return holding.join(',')
  }, [registry, opened])
  const holding = useSyncExternalStore(registry.watch, read, read)
  const ids = holding ? holding.split(',').map(Number) : []
  return { held: ids.length, firstHolding: ids[0] }
}

function Channel({ id, enabled, onClose }: { id: number; enabled: boolean; onClose(id: number): void }) {
  const { status, error } = useSocket(channelRequest(id).url, { data: channelRequest(id).data, enabled })
  const state = connectionState(status, Boolean(error), false)
  return (
    <View className="channel" id={`channel-${id}`}>
      <View className="channel__text">
        <Text className="channel__name">{`Channel ${id}`}</Text>
        <Text className="channel__path">{`/echo?channel=${id}`}</Text>
      </View>
      <ConnectionBadge state={state} label={state === 'waiting' ? 'Waiting' : STATE_LABEL[state]} />
      <View className="channel__close" id={`close-${id}`} ariaRole="button" ariaLabel={`Close channel ${id}`} onClick={() => onClose(id)} {...focusable}>
        <Text>✕</Text>
      </View>
    </View>
  )
}

/**
 * Asks for two sockets more than the platform allows. The registry keeps the open ones at
 * the limit and queues the rest; closing a channel that holds a slot lets the first queued one in.
 */
export default function ConnectionsPage() {
  const visible = usePageVisible()
  const registry = useSocketRegistry()
  const stats = useSocketStats()
  const max = stats.maxConnections
  const [channels, setChannels] = useState(() => Array.from({ length: max + EXTRA }, (_, i) => i + 1))
  // Ids only grow, so every channel this page ever opened is 1..opened.
  const [opened, setOpened] = useState(max + EXTRA)
  const { held, firstHolding } = useSlotsHeld(registry, opened)
  const others = useSocketUses().filter((u) => u.page !== 'Connections')

  const remove = (id: number) => setChannels((list) => list.filter((c) => c !== id))
  const add = () => {
    setChannels((list) => [...list, opened + 1])
    setOpened((n) => n + 1)
  }
  const mineWaiting = Math.max(0, channels.length - held)

  return (
    <View className="app-page">
      <Card>
        <PageHeader title="Socket slots" subtitle={limitText(stats.platform, max)} />
        <View className="slot-meter" id="slot-meter" ariaLabel={`${stats.active} of ${max} slots in use`}>
          {Array.from({ length: max }, (_, i) => (
            <View key={i} className={`slot-meter__slot ${i < held ? 'slot-meter__slot--mine' : i < stats.active ? 'slot-meter__slot--other' : ''}`} />
          ))}
        </View>
        <Text className="slot-summary" id="registry-summary">{`${stats.active} of ${max} slots in use · ${stats.queued} waiting`}</Text>
        <View className="slot-legend">
          <View className="slot-legend__row">
            <View className="slot-legend__key slot-meter__slot--mine" />
            <Text className="slot-legend__name">This page</Text>
            <Text className="slot-legend__value" id="usage-here">{`${held} in use · ${mineWaiting} waiting`}</Text>
          </View>
          {others.map((u) => (
            <View className="slot-legend__row" key={u.page}>
              <View className={`slot-legend__key ${HOLDS_SLOT.has(u.status) ? 'slot-meter__slot--other' : ''}`} />
              <Text className="slot-legend__name">{`${u.page} · ${u.socket}`}</Text>
              <Text className="slot-legend__value">
                {u.status === 'released' ? 'let go while hidden' : STATE_LABEL[connectionState(u.status, false, true)]}
              </Text>
            </View>
          ))}
        </View>
        <Text className="slot-note">Hidden tabs give their sockets back (useDidHide → enabled: false) and take them again when shown.</Text>
      </Card>

      <Card>
        <View className="channels__head">
          <Text className="channels__title">{`Channels (${channels.length})`}</Text>
          <View className="channels__actions">
            <Button className="channels__button" id="add-channel" onClick={add} {...focusable}>
              Open one more
            </Button>
            <Button
              className="channels__button channels__button--primary"
              id="remove-channel"
              {...focusable}
              // Taro's H5 button styles any disabled attribute, "false" included: leave it out unless true.
              disabled={firstHolding === undefined ? true : undefined}
              onClick={() => firstHolding !== undefined && remove(firstHolding)}
            >
              Close one in use
            </Button>
          </View>
        </View>
        <View className="channels__list">
          {channels.map((id) => (
            <Channel key={id} id={id} enabled={visible} onClose={remove} />
          ))}
        </View>
      </Card>
    </View>
  )
}
