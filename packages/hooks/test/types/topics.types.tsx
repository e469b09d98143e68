/**
 * Compile-time checks of the topics entry's types (run by `pnpm typecheck`, not by Jest): a
 * protocol's topic and request maps type useTopic and useRequest, and misuse does not compile.
 */
import { defineProtocol, jsonProtocol, useRequest, useTopic } from '../../src/topics'

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

export function TypedComponent() {
  const chat = useTopic('wss://example.com', 'chat', { protocol })
  const message: Message | undefined = chat.data
  void chat.publish({ text: 'hi' })
  // @ts-expect-error: what the chat topic publishes is { text }
  void chat.publish({ txt: 'hi' })
  const presence = useTopic('wss://example.com', 'presence:lobby', { protocol, select: (names) => names.length })
  const count: number | undefined = presence.data
  // @ts-expect-error: not a topic of this protocol
  useTopic('wss://example.com', 'nope', { protocol })
  const request = useRequest('wss://example.com', { protocol })
  const sum: Promise<number> = request('sum', [1, 2])
  // @ts-expect-error: sum takes numbers
  void request('sum', 'one, two')
  // @ts-expect-error: not a request of this protocol
  void request('product', [1, 2])
  // Without a protocol: any topic, events unknown.
  const untyped = useTopic('wss://example.com', 'anything')
  const event: unknown = untyped.data
  // A protocol of its own format keeps the types it is defined with.
  const own = defineProtocol<Topics>({ subscribe: (topic) => ['sub', topic] })
  const ownChat = useTopic('wss://example.com', 'chat', { protocol: own })
  const ownMessage: Message | undefined = ownChat.data
  return [message, count, sum, event, ownMessage]
}
