import type { Connection } from './connection'
import type { DurableOutbox } from './durable'
import { isSocketError, socketError, type SocketError, type SocketErrorCode } from './errors'
import type { RawMessage } from './observer'
import type { SendOptions } from './outbox'
import { JSON_PROTOCOL, type Cursor, type Field, type Incoming, type Protocol, type RequestMap, type TopicMap } from './protocol'
import type { SocketLease, SocketRegistry } from './registry'
import type { SocketRequest } from './request'

/**
 * subscribing: asked for (or to be asked once the socket opens); subscribed: confirmed, or sent
 * when the protocol has no confirmation; unsubscribed: the socket closed for good; error: the server refused.
 */
export type TopicStatus = 'subscribing' | 'subscribed' | 'unsubscribed' | 'error'

/** What one subscriber hears about its topic. */
export interface TopicListener {
  onEvent?(data: unknown): void
  /** status, error or recovered changed */
  onChange?(): void
  /** After a reconnect the server could not replay what was missed (`recovered: false`). */
  onGap?(): void
}

/** A topic's shared state, as every subscriber sees it. */
export interface TopicState {
  readonly status: TopicStatus
  readonly error: SocketError | null
  /** After a resubscribe with a cursor: whether the server replayed the gap; undefined until then. */
  readonly recovered?: boolean | undefined
}

export interface PublishOptions extends SendOptions {
  /**
   * Kept in the registry's durable storage until the server has it (acknowledged where the protocol
   * acks, else handed to an open socket): it survives reconnects, the app being killed and a cold
   * start, and goes again with the same id. Needs the registry's `durable` option.
   */
  durable?: boolean
  /**
   * ms to wait for the server's ack, queueing included, then ACK_TIMEOUT (and a durable message is
   * no longer kept). Protocols with acks only. Default 10 000, none for durable publishes.
   */
  timeout?: number
}

export interface RequestOptions {
  /** ms to wait for the reply, queueing included. Default 10 000. */
  timeout?: number
}

/**
 * Topics and requests over one shared socket, in one protocol: one subscribe message however many
 * subscribers a topic has, one unsubscribe after the last leaves (and a grace delay), every topic
 * subscribed again from current state after each reconnect, replies matched to requests by id.
 */
export interface TopicClient<Topics = TopicMap, Requests = RequestMap> {
  /** Subscribes to a topic (or joins its subscription); returns the unsubscribe. */
  subscribe<K extends keyof Topics & string>(topic: K, listener: TopicListener, params?: Field<Topics, K, 'params'>): () => void
  /** The topic's state; `unsubscribed` for a topic nobody subscribes to. */
  topic(name: string): TopicState
  /**
   * Publishes to a topic (the protocol's `publish`); queued before open like any send. Resolves
   * when the server acknowledges it where the protocol acks (rejects with PUBLISH_REFUSED, its
   * reason as cause, or ACK_TIMEOUT), else once handed to the open socket.
   */
  publish<K extends keyof Topics & string>(topic: K, data: Field<Topics, K, 'publish'>, options?: PublishOptions): Promise<void>
  /**
   * Sends a request and resolves with its reply's result. Rejects with REQUEST_TIMEOUT, REQUEST_FAILED
   * (the server answered with an error), REQUEST_LOST (the socket dropped after it was sent), or the
   * socket's error when it closes for good first. Queued before open like any send.
   */
  request<M extends keyof Requests & string>(method: M, params: Field<Requests, M, 'params'>, options?: RequestOptions): Promise<Field<Requests, M, 'result'>>
  /** Keeps the socket (and this client) while held; returns the release. */
  retain(): () => void
}

export interface TopicClientOptions {
  /**
   * ms a topic stays subscribed after its last subscriber leaves, so remounts reuse it. Default 1000.
   * Set by the call that makes the client (the first use of this socket and protocol).
   */
  releaseDelay?: number
}

interface Topic {
  params: unknown
  listeners: TopicListener[]
  status: TopicStatus
  error: SocketError | null
  recovered?: boolean | undefined
  cursor?: Cursor
  /** The socket generation its subscribe went out on; 0 for none. */
  sentOn: number
  /** Runs while nobody subscribes, before the unsubscribe. */
  grace?: unknown
}

/** A publish waiting for its ack, or durable and not yet done with. */
interface Publication {
  id: string
  topic: string
  frame: RawMessage
  durable: boolean
  replay: boolean
  /** The socket generation it went out on; 0 for none. */
  sentOn: number
  /** In the connection's queue now: it goes out when the socket opens. */
  queued: boolean
  /** Absent for a message restored from an earlier run: nobody waits for it. */
  resolve?: () => void
  reject?: (error: SocketError) => void
  timer?: unknown
}

// Faults of the message itself: a durable message with one of these is not kept for later.
const MESSAGE_FAULTS: readonly SocketErrorCode[] = ['INVALID_MESSAGE', 'MESSAGE_TOO_LARGE', 'MESSAGE_EXPIRED', 'QUEUE_FULL', 'SEND_FAILED']

interface Pending {
  resolve(result: unknown): void
  reject(error: SocketError): void
  timer: unknown
  /** The socket generation it went out on; 0 while queued. */
  sentOn: number
}

export const UNSUBSCRIBED: TopicState = { status: 'unsubscribed', error: null }
export const SUBSCRIBING: TopicState = { status: 'subscribing', error: null }

// The JSON protocol: what a protocol leaves out.
const decodeJson = (raw: RawMessage): unknown => (typeof raw === 'string' ? JSON.parse(raw) : undefined)
const subscribeJson = (topic: string, params: unknown, since: Cursor | undefined) => ({ type: 'subscribe', topic, params, since })
const unsubscribeJson = (topic: string) => ({ type: 'unsubscribe', topic })
const publishJson = (topic: string, data: unknown, id: string | undefined) => ({ type: 'publish', topic, data, id })
const requestJson = (id: string, method: string, params: unknown) => ({ type: 'request', id, method, params })
const routeJson = (message: unknown) => message as Incoming | undefined

/** What the topic clients share per registry (registry.shared): the clients in use, and the request ids. */
interface Clients {
  /** One client per protocol and socket while it is in use: every hook on them shares it. */
  byProtocol: WeakMap<Protocol, Map<string, TopicClient>>
  /** Request ids are unique in the app: clients of different protocols on one socket all read every reply. */
  requests: number
}

const newClients = (): Clients => ({ byProtocol: new WeakMap(), requests: 0 })

/**
 * The shared topic client for this socket and protocol. It holds a share of the socket while
 * anything uses it (subscriptions, requests in flight, retain()).
 */
export function topicClient<Topics = TopicMap, Requests = RequestMap>(
  registry: SocketRegistry,
  request: SocketRequest,
  protocol: Protocol<Topics, Requests> = JSON_PROTOCOL as Protocol<Topics, Requests>,
  { releaseDelay = 1000 }: TopicClientOptions = {},
): TopicClient<Topics, Requests> {
  const untypedProtocol = protocol as unknown as Protocol
  const clients = registry.shared(topicClient, newClients)
  const shared = clients.byProtocol.get(untypedProtocol) || new Map<string, TopicClient>()
  clients.byProtocol.set(untypedProtocol, shared)
  const key = registry.resolve(request).key
  // Shared from the start: a render may make it before an effect uses it.
  if (!shared.has(key)) shared.set(key, createTopicClient(registry, request, untypedProtocol, releaseDelay, shared, key, clients))
  return shared.get(key) as unknown as TopicClient<Topics, Requests>
}

function createTopicClient(
  registry: SocketRegistry,
  request: SocketRequest,
  protocol: Protocol,
  releaseDelay: number,
  shared: Map<string, TopicClient>,
  key: string,
  clients: Clients,
): TopicClient {
  const topics = new Map<string, Topic>()
  const { clock } = registry
  const pending = new Map<string, Pending>()
  const {
    encode = JSON.stringify,
    decode = decodeJson,
    subscribe = subscribeJson,
    unsubscribe = unsubscribeJson,
    publish = publishJson,
    request: requestMessage = requestJson,
    route = routeJson,
    confirms,
    acks,
  } = protocol
  let lease: SocketLease | null = null
  let unlisten: (() => void) | null = null
  let holds = 0
  // Counts the socket's opens; 0 while it is not open. Messages sent on an earlier one are gone.
  let generation = 0
  let opens = 0
  // Publishes waiting for an ack, or durable: in publish order.
  const publications = new Map<string, Publication>()
  // Publish ids are unique across runs and installs, so a server can drop copies by id alone.
  const idPrefix = Math.random().toString(36).slice(2, 10)
  let published = 0
  // One per socket, whichever protocol's client restores it first.
  const outbox: DurableOutbox | undefined = registry.durable?.forSocket(key)

  // A new generation for an open socket.
  const nextGeneration = (): void => {
    opens++
    generation = opens
  }

  const connection = (): Connection => {
    if (!lease) {
      lease = registry.acquire(request)
      const socket = lease.connection
      unlisten = socket.subscribe({ onOpen: opened, onChange: changed, onMessage: received })
      if (socket.status === 'open') nextGeneration()
    }
    return lease.connection
  }
  // Forgotten when let go; used again later, it is shared again unless another took its place.
  const hold = (): void => {
    holds++
    if (holds === 1 && !shared.has(key)) shared.set(key, client)
  }
  const unhold = (): void => {
    holds--
    if (holds > 0) return
    if (unlisten) unlisten()
    if (lease) lease.release()
    lease = null
    unlisten = null
    generation = 0
    if (shared.get(key) === client) shared.delete(key)
  }

  // The protocol's message, encoded and sent; a failure to encode rejects like a failed send.
  const send = (message: unknown, options?: SendOptions): Promise<void> => {
    let data: RawMessage
    try {
      data = encode(message) as RawMessage
    } catch (thrown) {
      return Promise.reject(socketError('INVALID_MESSAGE', { detail: 'encode' }, { cause: thrown }))
    }
    return connection().send(data, options)
  }

  const tell = (topic: Topic, name: 'onChange' | 'onGap'): void => {
    for (const listener of topic.listeners) {
      const callback = listener[name]
      if (callback) callback()
    }
  }
  const update = (topic: Topic, status: TopicStatus, error: SocketError | null = null): void => {
    if (topic.status === status && topic.error === error) return
    topic.status = status
    topic.error = error
    tell(topic, 'onChange')
  }

  // Subscribe messages are never queued: they go out on an open socket and again after every open,
  // from the current subscriptions, so a stale subscribe or unsubscribe is never replayed.
  const subscribeNow = (name: string, topic: Topic): void => {
    if (!generation || topic.sentOn === generation) return
    const on = generation
    topic.sentOn = on
    update(topic, 'subscribing')
    send(subscribe(name, topic.params, topic.cursor), { replay: false }).then(
      () => {
        if (!confirms && topic.sentOn === on && topics.get(name) === topic) update(topic, 'subscribed')
      },
      () => undefined, // the socket dropped first: the next open subscribes again
    )
  }

  // On an open socket: publishes not on it yet that are not in the connection's queue (sent on
  // a socket that dropped before their ack, restored from storage, or kept through a close).
  const flush = (): void => {
    if (!generation) return
    for (const publication of publications.values()) {
      if (!publication.queued && publication.sentOn !== generation) transmit(publication)
    }
  }

  // The open's order: resubscribes, then publishes sent before that still wait; the connection's queue follows.
  function opened(): void {
    nextGeneration()
    topics.forEach((topic, name) => {
      // A topic nobody wants any more (left while the socket was down) is not subscribed again.
      if (topic.listeners.length > 0) subscribeNow(name, topic)
      else end(name, topic)
    })
    flush()
  }

  function changed(): void {
    const { status, error } = lease!.connection
    const closed = status === 'closed'
    // Called for every change (queue size too): act when an open socket went, or on a close for good.
    if (status === 'open' || (!generation && !closed)) return
    // Nothing sent on the socket that went counts any more.
    generation = 0
    // (Deleting from a Map while iterating it is safe.)
    for (const [name, topic] of topics) {
      if (topic.grace !== undefined) end(name, topic)
      else if (closed) update(topic, 'unsubscribed', error)
      else update(topic, 'subscribing')
    }
    for (const [id, waiting] of pending) {
      if (waiting.sentOn) settle(id, socketError('REQUEST_LOST'))
    }
    for (const publication of publications.values()) {
      if (closed && registry.disposed) {
        // The app is going away: a durable message stays stored for its next start.
        forget(publication, socketError('DISPOSED'))
      } else if (closed && !publication.durable) finish(publication, error || socketError('NOT_OPEN', { detail: 'closedFirst' }))
      else if (publication.sentOn && !publication.replay) finish(publication, socketError('NOT_OPEN', { detail: 'droppedNoReplay' }))
      else publication.sentOn = 0
    }
  }

  function received(raw: unknown): void {
    let incoming
    try {
      incoming = route(decode(raw as RawMessage))
    } catch {
      return // not this protocol's: another user of the socket reads it
    }
    if (!incoming) return
    if (incoming.type === 'ack') {
      const publication = publications.get(incoming.id)
      if (!publication) return // a copy's ack, or another client's
      const { error } = incoming
      finish(publication, error !== undefined ? socketError('PUBLISH_REFUSED', { got: publication.topic }, { cause: error }) : undefined)
      return
    }
    if (incoming.type === 'reply') {
      const { error } = incoming
      settle(incoming.id, error !== undefined ? socketError('REQUEST_FAILED', {}, { cause: error }) : undefined, incoming.result)
      return
    }
    const topic = topics.get(incoming.topic)
    if (!topic) return
    if (incoming.type === 'event') {
      if (incoming.cursor !== undefined) topic.cursor = incoming.cursor
      const { data } = incoming
      for (const listener of topic.listeners) {
        if (listener.onEvent) listener.onEvent(data)
      }
    } else if (incoming.type === 'subscribed') {
      // Only a resubscribe with a cursor can miss something; the server tells whether it replayed it.
      topic.recovered = topic.cursor !== undefined ? incoming.recovered : undefined
      // Always news: every subscribe first marks its topic subscribing.
      update(topic, 'subscribed')
      if (topic.recovered === false) tell(topic, 'onGap')
    } else if (incoming.type === 'error') {
      update(topic, 'error', socketError('TOPIC_REFUSED', { got: incoming.topic }, { cause: incoming.error }))
    }
  }

  const settle = (id: string, error?: SocketError, result?: unknown): void => {
    const waiting = pending.get(id)
    if (!waiting) return
    pending.delete(id)
    clock.clearTimeout(waiting.timer)
    if (error) waiting.reject(error)
    else waiting.resolve(result)
    unhold()
  }

  // The last subscriber left and the grace delay is over (or the socket went): forget the topic.
  const end = (name: string, topic: Topic): void => {
    clock.clearTimeout(topic.grace)
    topics.delete(name)
    if (generation && topic.sentOn === generation) send(unsubscribe(name, topic.params), { replay: false }).catch(() => undefined)
    unhold()
  }

  const track = (publication: Publication): void => {
    hold()
    publications.set(publication.id, publication)
  }
  // Done with it here; a durable one stays stored (the app is going away) unless finish dropped it.
  const forget = (publication: Publication, error?: SocketError): void => {
    if (publications.get(publication.id) !== publication) return
    publications.delete(publication.id)
    clock.clearTimeout(publication.timer)
    if (error) publication.reject?.(error)
    else publication.resolve?.()
    unhold()
  }
  // Done with it for good: acknowledged, refused, timed out, or handed over where there are no acks.
  const finish = (publication: Publication, error?: SocketError): void => {
    if (publication.durable && publications.get(publication.id) === publication) outbox!.drop(publication.id)
    forget(publication, error)
  }
  const transmit = (publication: Publication, ttl?: number): void => {
    publication.queued = true
    connection()
      .send(publication.frame, { replay: publication.replay, ...(ttl !== undefined ? { ttl } : {}) })
      .then(
        () => {
          publication.queued = false
          publication.sentOn = generation
          if (!acks) finish(publication)
        },
        (error: SocketError) => {
          publication.queued = false
          if (registry.disposed) forget(publication, socketError('DISPOSED'))
          // A durable message outlives a socket closed for good: it goes at the next open.
          else if (!publication.durable || MESSAGE_FAULTS.includes(error.code)) finish(publication, error)
        },
      )
  }

  const client: TopicClient = {
    subscribe(name, listener, params) {
      let topic = topics.get(name)
      if (!topic) {
        hold()
        topic = { params, listeners: [], status: 'subscribing', error: null, sentOn: 0 }
        topics.set(name, topic)
        connection()
        subscribeNow(name, topic)
      }
      // Not reassigned, unlike `topic`: the unsubscribe below closes over it.
      const joined = topic
      clock.clearTimeout(joined.grace)
      joined.grace = undefined
      joined.listeners = [...joined.listeners, listener]
      let left = false
      return () => {
        if (left) return
        left = true
        joined.listeners = joined.listeners.filter((other) => other !== listener)
        if (joined.listeners.length === 0 && topics.get(name) === joined) joined.grace = clock.setTimeout(() => end(name, joined), releaseDelay)
      }
    },
    topic: (name) => topics.get(name) || UNSUBSCRIBED,
    publish(topic, data, options = {}) {
      const durable = options.durable === true
      if (!acks && !durable) {
        hold()
        const sent = send(publish(topic, data, undefined), options)
        sent.then(unhold, unhold)
        return sent
      }
      if (durable && !outbox) return Promise.reject(socketError('INVALID_OPTIONS', { got: '`durable`', detail: 'noStorage' }))
      published++
      const id = `${idPrefix}-${published.toString(36)}`
      let frame: RawMessage
      try {
        frame = encode(publish(topic, data, id)) as RawMessage
        if (durable) outbox!.keep({ id, topic, frame })
      } catch (thrown) {
        return Promise.reject(isSocketError(thrown) ? thrown : socketError('INVALID_MESSAGE', { detail: 'encode' }, { cause: thrown }))
      }
      return new Promise<void>((resolve, reject) => {
        const publication: Publication = { id, topic, frame, durable, replay: options.replay !== false, sentOn: 0, queued: false, resolve, reject }
        // Protocols with acks wait for one: 10 s by default, a durable publish without a limit.
        const defaultTimeout = durable ? undefined : 10_000
        const timeout = acks ? (options.timeout ?? defaultTimeout) : undefined
        if (timeout !== undefined) {
          publication.timer = clock.setTimeout(() => finish(publication, socketError('ACK_TIMEOUT', { got: topic, n: timeout })), timeout)
        }
        track(publication)
        transmit(publication, options.ttl)
      })
    },
    request(method, params, { timeout = 10_000 } = {}) {
      clients.requests++
      const id = String(clients.requests)
      hold()
      return new Promise((resolve, reject) => {
        const waiting: Pending = {
          resolve,
          reject,
          sentOn: 0,
          timer: clock.setTimeout(() => settle(id, socketError('REQUEST_TIMEOUT', { got: method, n: timeout })), timeout),
        }
        pending.set(id, waiting)
        // A queued request expires with its timeout, so it never goes out after its caller gave up.
        send(requestMessage(id, method, params), { ttl: timeout }).then(
          () => {
            waiting.sentOn = generation
          },
          // Sends reject with SocketError only (not sent, expired, queue full, closed for good).
          (error: SocketError) => settle(id, error),
        )
      })
    },
    retain() {
      hold()
      connection()
      let held = true
      return () => {
        if (held) unhold()
        held = false
      }
    },
  }
  // What an earlier run kept and never saw acknowledged: sent on the next open, ahead of anything new.
  for (const kept of outbox ? outbox.restore() : []) {
    track({ ...kept, durable: true, replay: true, sentOn: 0, queued: false })
  }
  if (publications.size > 0) {
    connection()
    flush()
  }
  return client
}
