/**
 * Compile-time checks of the Vue entries' types (run by `pnpm typecheck`, not by Jest): useSocket's
 * In and Out, readonly refs, refs and getters as inputs, and a protocol's topic and request maps
 * typing useTopic and useRequest; misuse does not compile.
 */
import { computed, ref, type Ref } from 'vue'
import { useSocket, useSocketStats, type SocketRegistryStats, type SocketStatus } from '../../src/vue'
import { defineProtocol, jsonProtocol, useRequest, useTopic } from '../../src/vue-topics'

interface Message {
  user: string
  text: string
}
interface Topics {
  chat: { event: Message; publish: { text: string } }
  [presence: `presence:${string}`]: { event: string[] }
}
interface Requests {
  sum: { params: number[]; result: number }
}
const protocol = jsonProtocol<Topics, Requests>()

export function setup() {
  const room = ref('lobby')
  const visible = ref(true)
  // A getter for the URL, a getter for the options; In from parse, Out for sendJson.
  const socket = useSocket<Message, { text: string }>(
    () => `wss://example.com/${room.value}`,
    () => ({ enabled: visible.value, parse: (raw) => JSON.parse(raw as string) as Message }),
  )
  const last: Message | undefined = socket.lastMessage.value
  const status: SocketStatus = socket.status.value
  const queued: number = socket.queued.value
  void socket.sendJson({ text: 'hi' })
  // @ts-expect-error: sendJson takes Out
  void socket.sendJson({ txt: 'hi' })
  // @ts-expect-error: the refs are readonly: the state belongs to the socket
  socket.status.value = 'open'
  // @ts-expect-error: parse must give In
  useSocket<Message>('wss://example.com', { parse: () => 42 })
  // A ref for the URL (null opens nothing), and a plain string.
  const url: Ref<string | null> = ref(null)
  useSocket(url)
  const raw = useSocket('wss://example.com')
  const message: string | ArrayBuffer | undefined = raw.lastMessage.value
  // @ts-expect-error: a URL is a string
  useSocket(42)
  const stats: Readonly<SocketRegistryStats> = useSocketStats()
  // @ts-expect-error: stats are read-only
  stats.active = 1

  const chat = useTopic('wss://example.com', 'chat', { protocol })
  const event: Message | undefined = chat.data.value
  void chat.publish({ text: 'hi' })
  // @ts-expect-error: what the chat topic publishes is { text }
  void chat.publish({ txt: 'hi' })
  const presence = useTopic('wss://example.com', () => `presence:${room.value}` as const, { protocol, select: (names) => names.length })
  const count: number | undefined = presence.data.value
  // @ts-expect-error: not a topic of this protocol
  useTopic('wss://example.com', 'nope', { protocol })
  const request = useRequest('wss://example.com', { protocol })
  const sum: Promise<number> = request('sum', [1, 2])
  // @ts-expect-error: sum takes numbers
  void request('sum', 'one, two')
  // @ts-expect-error: not a request of this protocol
  void request('product', [1, 2])
  // Without a protocol: any topic, events unknown.
  const untyped = useTopic(
    computed(() => 'wss://example.com'),
    'anything',
  )
  const unknownEvent: unknown = untyped.data.value
  const own = defineProtocol<Topics>({ subscribe: (topic) => ['sub', topic] })
  const ownChat = useTopic('wss://example.com', 'chat', { protocol: own })
  const ownEvent: Message | undefined = ownChat.data.value
  return { last, status, queued, message, stats, event, count, sum, unknownEvent, ownEvent }
}
