/**
 * /live: the library's JSON topic protocol (taro-socket-hooks/topics), for the Live page's chat,
 * ticker and presence over one socket.
 *
 * Client → server: {type:'subscribe',topic,params,since} {type:'unsubscribe',topic}
 *                  {type:'publish',topic,data,id?} {type:'request',id,method,params}
 * Server → client: {type:'subscribed',topic,recovered} {type:'event',topic,data,cursor}
 *                  {type:'error',topic,error} {type:'reply',id,result|error}
 *                  {type:'ack',id} {type:'ack',id,error:{message}}
 *
 * A publish with an `id` (the library's acknowledged publishes) is answered with an ack once it
 * is on the topic, or an ack with an error saying why not. A publish sent again with the same id
 * by the same user (a resend after a reconnect) is acked again but not published twice. A publish
 * without an id gets no ack, and an {type:'error'} when it is refused.
 *
 * Topics:
 *   chat:<room>  messages published to the room, { id, seq, name, user, text, at, cid? }; only
 *                sockets that subscribe to the room may publish to it
 *   ticker       a price a few times a second, { id, seq, symbol, price, change }, always running
 *   presence     who is online, { online: [{ name, user, since }], joined?, left? }; subscribing with
 *                params { name, user? } puts that person online until it unsubscribes or its socket
 *                closes (one entry per user: a second tab of the same user counts once)
 * Requests: chat.history { room, limit } → { messages }, time → { now }
 *
 * Every event carries a cursor "<epoch>.<seq>" and is kept in a replay buffer per topic. A
 * resubscribe with `since` gets what it missed replayed (`recovered: true`) when the buffer still
 * holds it; a cursor from another epoch (the server process restarted) or older than the buffer
 * gets `recovered: false`, and the app knows it has a gap.
 */
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']
const TICKER_MS = 200 // 5 events a second
const BUFFER = 300 // events kept per topic: a minute of ticker
const CHAT_ROOM = /^chat:[a-z0-9-]{1,32}$/
const TEXT_LIMIT = 500 // characters of a chat message
const REMEMBERED_IDS = 2000 // publish ids kept to recognise a resend

/** A chat room's name as a person reads it: `chat:lobby` is #lobby. */
const roomName = (topic) => (topic.startsWith('chat:') ? `#${topic.slice(5)}` : topic)

export function createLiveHub({ epoch = Math.random().toString(36).slice(2, 8), log = () => {} } = {}) {
  /** topic → { seq, buffer: [{ seq, data }] } */
  const topics = new Map()
  /** socket → Set of topics it subscribes to */
  const subscriptions = new Map()
  /** socket → { name, since } for sockets subscribed to presence */
  const online = new Map()
  const prices = Object.fromEntries(SYMBOLS.map((s, i) => [s, 100 * (i + 1)]))
  const opening = { ...prices }
  /** "<topic> <user> <id>" of publishes already on their topic → true; oldest first, bounded. */
  const published = new Map()
  let ticker = null
  let tick = 0

  const send = (socket, message) => {
    if (socket.readyState === 1) socket.send(JSON.stringify(message))
  }
  const stream = (topic) => {
    let s = topics.get(topic)
    if (!s) topics.set(topic, (s = { seq: 0, buffer: [] }))
    return s
  }
  const cursor = (seq) => `${epoch}.${seq}`

  /** Records an event on a topic and sends it to the topic's subscribers. */
  const emit = (topic, data) => {
    const s = stream(topic)
    const seq = ++s.seq
    const event = { ...data, id: cursor(seq), seq }
    s.buffer.push({ seq, data: event })
    if (s.buffer.length > BUFFER) s.buffer.shift()
    const message = JSON.stringify({ type: 'event', topic, data: event, cursor: cursor(seq) })
    for (const [socket, mine] of subscriptions) if (mine.has(topic) && socket.readyState === 1) socket.send(message)
    return seq
  }

  const presence = (change) => {
    // One entry per user, the earliest `since` first.
    const byUser = new Map()
    for (const o of [...online.values()].sort((a, b) => a.since - b.since)) if (!byUser.has(o.user)) byUser.set(o.user, o)
    emit('presence', { online: [...byUser.values()], ...change })
  }
  const leavePresence = (socket) => {
    const who = online.get(socket)
    if (!who) return
    online.delete(socket)
    // Another socket of the same user (a second tab) keeps them online.
    if ([...online.values()].some((o) => o.user === who.user)) presence({})
    else presence({ left: who.name })
  }

  const subscribe = (socket, mine, topic, params, since) => {
    if (topic !== 'ticker' && topic !== 'presence' && !CHAT_ROOM.test(topic)) {
      return send(socket, { type: 'error', topic, error: { message: `no topic ${topic}` } })
    }
    const s = stream(topic)
    let recovered
    let replay = []
    if (since !== undefined && since !== null) {
      const [sinceEpoch, sinceSeq] = String(since).split('.')
      const n = Number(sinceSeq)
      const oldest = s.buffer.length > 0 ? s.buffer[0].seq : s.seq + 1
      // Only this server's cursors, and only while the buffer still reaches back to them.
      recovered = sinceEpoch === epoch && Number.isInteger(n) && n <= s.seq && n >= oldest - 1
      if (recovered) replay = s.buffer.filter((e) => e.seq > n)
    }
    mine.add(topic)
    send(socket, { type: 'subscribed', topic, recovered })
    for (const e of replay) send(socket, { type: 'event', topic, data: e.data, cursor: cursor(e.seq) })
    log(`  ${topic} subscribed${since ? ` since ${since}: ${recovered ? `replayed ${replay.length}` : 'gap'}` : ''}`)
    if (topic === 'presence') {
      const name = String(params?.name ?? 'guest').slice(0, 40)
      const user = String(params?.user ?? name).slice(0, 40)
      const known = [...online.values()].some((o) => o.user === user)
      online.set(socket, { name, user, since: online.get(socket)?.since ?? Date.now() })
      presence(known ? {} : { joined: name })
    }
  }

  /** A publish: refused unless the socket joined the chat room; acked when it has an id. */
  const publish = (socket, mine, topic, { data, id }) => {
    const acked = typeof id === 'string' && id !== ''
    const refuse = (message) => send(socket, acked ? { type: 'ack', id, error: { message } } : { type: 'error', topic, error: { message } })
    if (!CHAT_ROOM.test(topic)) return refuse(`Only chat rooms take messages; ${topic} is not one.`)
    if (!mine.has(topic)) return refuse(`Not sent: join ${roomName(topic)} before posting to it.`)
    const name = String(data?.name ?? 'guest').slice(0, 40)
    const user = String(data?.user ?? name).slice(0, 40)
    const text = String(data?.text ?? '')
    if (text.trim() === '') return refuse('Not sent: the message is empty.')
    if (text.length > TEXT_LIMIT) return refuse(`Not sent: a message can be at most ${TEXT_LIMIT} characters (this one has ${text.length}).`)
    // A resend of a publish already on the topic (its ack was lost with the connection): ack it again only.
    const key = acked ? `${topic} ${user} ${id}` : undefined
    if (key && published.has(key)) return send(socket, { type: 'ack', id })
    const cid = typeof data?.cid === 'string' ? data.cid.slice(0, 40) : undefined
    emit(topic, { name, user, text, at: Date.now(), ...(cid ? { cid } : {}) })
    if (!key) return
    published.set(key, true)
    if (published.size > REMEMBERED_IDS) published.delete(published.keys().next().value)
    send(socket, { type: 'ack', id })
  }

  const request = (socket, { id, method, params }) => {
    if (method === 'chat.history') {
      const room = String(params?.room ?? 'lobby')
      const limit = Math.max(1, Math.min(100, Number(params?.limit) || 50))
      const messages = (topics.get(`chat:${room}`)?.buffer ?? []).slice(-limit).map((e) => e.data)
      return send(socket, { type: 'reply', id, result: { messages } })
    }
    if (method === 'time') return send(socket, { type: 'reply', id, result: { now: Date.now() } })
    send(socket, { type: 'reply', id, error: { message: `no method ${method}` } })
  }

  return {
    epoch,
    /** Events sent on a topic so far. */
    sequence: (topic) => topics.get(topic)?.seq ?? 0,
    /** Names online now. */
    online: () => [...online.values()].map((o) => o.name),
    /** Starts the ticker (the server is listening). */
    start() {
      if (ticker) return
      ticker = setInterval(() => {
        const symbol = SYMBOLS[tick++ % SYMBOLS.length]
        prices[symbol] = Math.max(1, prices[symbol] * (1 + (Math.random() - 0.5) / 50))
        const price = Number(prices[symbol].toFixed(2))
        emit('ticker', { symbol, price, change: Number((((price - opening[symbol]) / opening[symbol]) * 100).toFixed(2)) })
      }, TICKER_MS)
    },
    /** Stops the ticker (the server stopped listening); what was sent stays in the buffers. */
    stop() {
      clearInterval(ticker)
      ticker = null
    },
    /** A new socket on /live; `answerPing` handles the app's heartbeat. */
    connection(socket, answerPing) {
      const mine = new Set()
      subscriptions.set(socket, mine)
      socket.on('message', (raw, isBinary) => {
        if (isBinary) return
        const text = raw.toString()
        if (answerPing(text)) return
        let message
        try {
          message = JSON.parse(text)
        } catch {
          return
        }
        const topic = typeof message?.topic === 'string' ? message.topic : ''
        switch (message?.type) {
          case 'subscribe':
            return subscribe(socket, mine, topic, message.params, message.since)
          case 'unsubscribe':
            mine.delete(topic)
            if (topic === 'presence') leavePresence(socket)
            return
          case 'publish':
            return publish(socket, mine, topic, message)
          case 'request':
            return request(socket, message)
        }
      })
      socket.on('close', () => {
        subscriptions.delete(socket)
        leavePresence(socket)
      })
    },
  }
}
