import type { RawMessage } from './observer'

/** What one topic carries: the events it delivers, what may be published to it, its subscribe params. */
export interface TopicSpec {
  event: unknown
  publish?: unknown
  params?: unknown
}

/** What one request method takes and what its reply carries. */
export interface RequestSpec {
  params: unknown
  result: unknown
}

export type TopicMap = Record<string, TopicSpec>
export type RequestMap = Record<string, RequestSpec>

/** `T[K][F]` of a topic or request map, unknown where the map does not say. */
export type Field<T, K, F extends string> = K extends keyof T ? (F extends keyof T[K] ? T[K][F] : unknown) : unknown

/** A position in a topic's stream (a sequence number, an offset, an event id). */
export type Cursor = string | number

/** What an incoming message is, as the protocol reads it (and, as it stands, the JSON protocol's wire format). */
export type Incoming =
  /** An event for a topic; `cursor` is remembered and handed back to `subscribe` after a reconnect. */
  | { type: 'event'; topic: string; data?: unknown; cursor?: Cursor }
  /** The server confirms a subscription; `recovered: false` says it could not replay what was missed. */
  | { type: 'subscribed'; topic: string; recovered?: boolean }
  /** The server refuses (or ends) a subscription. */
  | { type: 'error'; topic: string; error?: unknown }
  /** The reply to request `id`: its result, or an error (any `error` other than undefined fails the request). */
  | { type: 'reply'; id: string; result?: unknown; error?: unknown }
  /** The server has publish `id` (with `error`: it refused it, for that reason). */
  | { type: 'ack'; id: string; error?: unknown }

/**
 * How the app's server speaks, given once. The library keeps subscriptions, routing and
 * correlation; the protocol only writes and reads messages, so any server format fits. Each part
 * left out is the JSON protocol's (see jsonProtocol). Type parameters give each topic's events
 * and publishes, and each request's params and result, their types.
 */
export interface Protocol<Topics = TopicMap, Requests = RequestMap> {
  /** The message that subscribes; `since` is the last cursor seen on this topic, after a reconnect. */
  subscribe?(topic: string, params: unknown, since: Cursor | undefined): unknown
  /** The message that ends a subscription. */
  unsubscribe?(topic: string, params: unknown): unknown
  /**
   * The message that publishes to a topic (useTopic's `publish`). `id` is given when the protocol
   * acks or the publish is durable: the server acknowledges it, and drops a copy it already has
   * (a durable message may arrive again after a reconnect or a cold start).
   */
  publish?(topic: string, data: unknown, id: string | undefined): unknown
  /** The message for request `id`; the reply must carry the same id. */
  request?(id: string, method: string, params: unknown): unknown
  /** What a received (decoded) message is; undefined for anything else (left to other users of the socket). */
  route?(message: unknown): Incoming | undefined
  /**
   * true when the server confirms subscriptions (`subscribed`): a topic is `subscribing` until then.
   * false: it counts as subscribed once the subscribe message is handed to the socket. Default false.
   */
  confirms?: boolean
  /**
   * true when the server acknowledges every publish that has an id (`ack`): publish() resolves on
   * the ack and rejects when the server refuses it or no ack comes in time; a publish the socket
   * dropped before its ack goes again, with its id, on the next open. false: a publish is done
   * once handed to the open socket. Default false.
   */
  acks?: boolean
  /** Message → wire. Default JSON.stringify. */
  encode?(message: unknown): RawMessage
  /** Wire → message. Default JSON.parse of text frames. */
  decode?(raw: RawMessage): unknown
  /** Types only: never set. */
  readonly types?: { topics: Topics; requests: Requests }
}

/** Gives a protocol its topic and request types: `defineProtocol<MyTopics, MyRequests>({ … })`. */
export function defineProtocol<Topics = TopicMap, Requests = RequestMap>(protocol: Protocol<Topics, Requests>): Protocol<Topics, Requests> {
  return protocol
}

/**
 * The ready-made protocol for a JSON server, with confirmed subscriptions. Out:
 * `{type:'subscribe',topic,params,since}`, `{type:'unsubscribe',topic}`, `{type:'publish',topic,data,id}`
 * (`id` with acks or durable), `{type:'request',id,method,params}`. In: `{type:'event',topic,data,cursor}`,
 * `{type:'subscribed',topic,recovered}`, `{type:'error',topic,error}`, `{type:'reply',id,result}` or
 * `{type:'reply',id,error}`, and with `acks: true` `{type:'ack',id}` or `{type:'ack',id,error}`.
 */
export function jsonProtocol<Topics = TopicMap, Requests = RequestMap>(options: { acks?: boolean } = {}): Protocol<Topics, Requests> {
  // One object per variant, whatever the types: every user of it on a socket shares one client.
  return (options.acks ? JSON_ACKED : JSON_PROTOCOL) as Protocol<Topics, Requests>
}

/** The protocol used when none is given. */
export const JSON_PROTOCOL: Protocol = { confirms: true }
const JSON_ACKED: Protocol = { confirms: true, acks: true }
