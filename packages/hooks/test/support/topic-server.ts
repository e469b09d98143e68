import { startServer, type ServerSocket, type TestServer } from '../../src/testing/server'

/** A message the topic server received, decoded. */
export interface ClientMessage {
  /** and anything else an app sends first (a handshake's `hello`) */
  type: 'subscribe' | 'unsubscribe' | 'publish' | 'request' | 'hello'
  topic?: string
  params?: unknown
  since?: number
  id?: string
  method?: string
  data?: unknown
}

export interface TopicServerOptions {
  /** Events kept per topic for replay after a reconnect; older ones are gone (recovered: false). Default 100. */
  history?: number
  /** Topics refused with `{type:'error'}`. */
  refuse?: (topic: string, socket: ServerSocket) => boolean
  /** ms before answering a request. Default 0. */
  replyDelay?: number
  /**
   * Acknowledges every publish that has an id (`{type:'ack',id}`), and drops a publish whose id
   * it already has (acknowledging it again, broadcasting it once).
   */
  acks?: boolean
  /** Publishes refused with an error ack carrying this reason (acks only). */
  refusePublish?: (topic: string) => string | undefined
}

/**
 * A real server speaking the library's JSON topic protocol on 127.0.0.1: subscriptions per
 * socket, events with a sequence number per topic and a replay buffer (`since`), publishes
 * broadcast to the topic, and requests: `echo` (its params back), `sum` (of a number array),
 * `later` (`{ value, ms }`: value back after ms, so replies come out of order), `fail` (an error
 * reply), `never` (no reply). It records every protocol message it received.
 */
export interface TopicServer {
  server: TestServer
  url: string
  /** Every message, in order, with the socket it came on. */
  log: { socket: ServerSocket; message: ClientMessage }[]
  /** Messages of one type (and topic). */
  count(type: ClientMessage['type'], topic?: string): number
  /** Sockets subscribed to the topic now. */
  subscribers(topic: string): number
  /** Sends an event to the topic's subscribers; returns its sequence number. */
  emit(topic: string, data: unknown): number
  /** The sequence number of the topic's last event (0 before any). */
  cursor(topic: string): number
  /** Forgets the replay buffer of a topic (what a server restart without persistence does). */
  forget(topic: string): void
  /** Publish ids in the order first received (each once), and how often each arrived. */
  published: { ids: string[]; copies: Map<string, number> }
  /** While true, publishes are taken and broadcast but their acks are held back (a slow server, or a kill before the ack). */
  holdAcks: boolean
  /** Sends the acks held back (the first `count` of them), to the sockets still open. */
  releaseAcks(count?: number): void
  close(): Promise<void>
}

export async function startTopicServer(options: TopicServerOptions = {}): Promise<TopicServer> {
  const history = options.history ?? 100
  const log: TopicServer['log'] = []
  const subscriptions = new Map<ServerSocket, Set<string>>()
  const seq = new Map<string, number>()
  const buffers = new Map<string, { seq: number; data: unknown }[]>()
  const published: TopicServer['published'] = { ids: [], copies: new Map() }
  const state = { holdAcks: false }
  let held: { socket: ServerSocket; id: string }[] = []
  const ack = (socket: ServerSocket, id: string) => {
    if (state.holdAcks) held.push({ socket, id })
    else send(socket, { type: 'ack', id })
  }
  const send = (socket: ServerSocket, message: object) => {
    if (socket.socket.readyState === 1) socket.socket.send(JSON.stringify(message))
  }

  const server = await startServer({
    echo: false,
    onMessage(socket, text) {
      let message: ClientMessage
      try {
        message = JSON.parse(text) as ClientMessage
      } catch {
        return
      }
      log.push({ socket, message })
      const topic = message.topic ?? ''
      let mine = subscriptions.get(socket)
      if (!mine) subscriptions.set(socket, (mine = new Set()))
      switch (message.type) {
        case 'subscribe': {
          if (options.refuse?.(topic, socket)) return send(socket, { type: 'error', topic, error: { reason: 'forbidden' } })
          mine.add(topic)
          const buffer = buffers.get(topic) ?? []
          const since = message.since
          let recovered: boolean | undefined
          let replay: { seq: number; data: unknown }[] = []
          if (typeof since === 'number') {
            const last = seq.get(topic) ?? 0
            const oldest = buffer.length > 0 ? buffer[0]!.seq : last + 1
            recovered = since >= oldest - 1
            replay = recovered ? buffer.filter((e) => e.seq > since) : []
          }
          send(socket, { type: 'subscribed', topic, recovered })
          for (const e of replay) send(socket, { type: 'event', topic, data: e.data, cursor: e.seq })
          return
        }
        case 'unsubscribe':
          mine.delete(topic)
          return
        case 'publish': {
          const { id } = message
          if (!options.acks || typeof id !== 'string') return void emit(topic, message.data)
          const reason = options.refusePublish?.(topic)
          if (reason) return send(socket, { type: 'ack', id, error: { message: reason } })
          const copies = published.copies.get(id) ?? 0
          published.copies.set(id, copies + 1)
          if (copies === 0) {
            published.ids.push(id)
            emit(topic, message.data)
          }
          return ack(socket, id)
        }
        case 'request': {
          const { id, method, params } = message as ClientMessage & { params: unknown }
          const answer = () => {
            if (method === 'echo') send(socket, { type: 'reply', id, result: params })
            else if (method === 'later') {
              const { value, ms } = params as { value: unknown; ms: number }
              setTimeout(() => send(socket, { type: 'reply', id, result: value }), ms)
            } else if (method === 'sum') send(socket, { type: 'reply', id, result: (params as number[]).reduce((a, b) => a + b, 0) })
            else if (method === 'fail') send(socket, { type: 'reply', id, error: { message: 'it failed' } })
            else if (method !== 'never') send(socket, { type: 'reply', id, error: { message: `no method ${method}` } })
          }
          if (options.replyDelay) setTimeout(answer, options.replyDelay)
          else answer()
          return
        }
      }
    },
  })

  const emit = (topic: string, data: unknown): number => {
    const n = (seq.get(topic) ?? 0) + 1
    seq.set(topic, n)
    const buffer = buffers.get(topic) ?? []
    buffer.push({ seq: n, data })
    if (buffer.length > history) buffer.shift()
    buffers.set(topic, buffer)
    for (const [socket, topics] of subscriptions) {
      if (topics.has(topic) && !socket.closed) send(socket, { type: 'event', topic, data, cursor: n })
    }
    return n
  }

  return {
    server,
    url: server.url,
    log,
    count: (type, topic) => log.filter(({ message }) => message.type === type && (topic === undefined || message.topic === topic)).length,
    subscribers: (topic) => [...subscriptions].filter(([socket, topics]) => !socket.closed && topics.has(topic)).length,
    emit,
    cursor: (topic) => seq.get(topic) ?? 0,
    forget(topic) {
      buffers.set(topic, [])
    },
    published,
    get holdAcks() {
      return state.holdAcks
    },
    set holdAcks(value) {
      state.holdAcks = value
    },
    releaseAcks(count = held.length) {
      const acks = held.slice(0, count)
      held = held.slice(count)
      for (const { socket, id } of acks) send(socket, { type: 'ack', id })
    },
    close: () => server.close(),
  }
}
