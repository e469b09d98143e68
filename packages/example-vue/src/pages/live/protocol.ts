import { jsonProtocol } from 'taro-socket-hooks/vue/topics'
import { SERVER_URL } from '@example/server-url'
// The same server as the React example's Live page: its topic and request types.
import type { LiveRequests, LiveTopics } from '../../../../example-app/src/pages/live/protocol'

export type { ChatMessage, Tick } from '../../../../example-app/src/pages/live/protocol'

/** The example server's topic endpoint (example-app/server/live-hub.mjs). */
export const LIVE_URL = `${SERVER_URL}/live`
export const ROOM = 'lounge'
export const CHAT_TOPIC = `chat:${ROOM}` as const

/**
 * The library's JSON wire format, typed with the server's topics and requests; the server
 * acknowledges each publish, so publish() resolves once it has the message. Module level: stable.
 */
export const protocol = jsonProtocol<LiveTopics, LiveRequests>({ acks: true })
