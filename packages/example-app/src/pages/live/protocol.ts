import { jsonProtocol } from 'taro-socket-hooks/topics'
import { SERVER_URL } from '../../server-url'

/** The example server's topic endpoint (server/live-hub.mjs): every feature of the Live page rides it. */
export const LIVE_URL = `${SERVER_URL}/live`
/** Not the Chat page's #lobby: the two pages talk in different rooms, so they are named apart. */
export const ROOM = 'lounge'
export const CHAT_TOPIC = `chat:${ROOM}` as const

/** A chat message; `id` is the event's cursor (unique across server restarts), `seq` its place in the room. */
export interface ChatMessage {
  id: string
  seq: number
  name: string
  /** Who sent it (unique, unlike names). */
  user: string
  text: string
  /** The sender's own id for it, so the sender can replace its pending copy. */
  cid?: string
  /** Server time, ms. */
  at: number
}

/** One price from the ticker; `seq` counts the ticker's events, so a jump is a missed event. */
export interface Tick {
  id: string
  seq: number
  symbol: string
  price: number
  /** Since the server started, percent. */
  change: number
}

export interface Presence {
  online: { name: string; user: string; since: number }[]
  joined?: string
  left?: string
}

export interface LiveTopics {
  [CHAT_TOPIC]: { event: ChatMessage; publish: { name: string; user: string; text: string; cid: string } }
  ticker: { event: Tick }
  presence: { event: Presence; params: { name: string; user: string } }
}

export interface LiveRequests {
  'chat.history': { params: { room: string; limit: number }; result: { messages: ChatMessage[] } }
  time: { params: null; result: { now: number } }
}

/**
 * The library's JSON wire format, typed with this server's topics and requests. The server
 * acknowledges every publish by its id, or refuses it in words (`{type:'ack',id,error}`), so a
 * chat message is "Sent" only once the server has it. Module level: stable.
 */
export const protocol = jsonProtocol<LiveTopics, LiveRequests>({ acks: true })
