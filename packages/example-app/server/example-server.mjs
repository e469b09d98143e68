import { WebSocketServer } from 'ws'
import { createLiveHub } from './live-hub.mjs'

/**
 * The example's own server, on 127.0.0.1 by default:
 *   /echo            echoes every text message
 *   /chat?room=&name=&user=
 *                    broadcasts JSON chat events to everyone in the room: join, leave (with
 *                    `here`, the people in the room now) and message ({ text, id } in; the
 *                    sender's `id` comes back with it). `seq` counts this server's events and
 *                    starts again when the process does. A message over 500 characters is not
 *                    broadcast: the sender gets { type: 'refused', id, message }.
 *   /feed            streams price ticks, 50 a second
 *   /live            the JSON topic protocol of taro-socket-hooks/topics: chat rooms, a ticker and
 *                    presence over one socket, with cursors and replay (server/live-hub.mjs)
 * Every path answers the app's heartbeat {"type":"ping"} with {"type":"pong"}.
 * It counts open sockets per path (and the most at once) so tests can read them.
 */
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']
const FEED_RATE = 50
const CHAT_TEXT_LIMIT = 500

export async function startExampleServer({ port = 8787, host = '127.0.0.1', log = () => {} } = {}) {
  const rooms = new Map()
  const counts = { open: 0, peak: 0, byPath: {}, peakByPath: {} }
  let wss = null
  let feedTimer = null
  const feeders = new Set()
  const prices = Object.fromEntries(SYMBOLS.map((s, i) => [s, 100 * (i + 1)]))
  let tick = 0
  let chatSeq = 0
  // Outlives stop() and start(): a restart of this server keeps its replay buffers, as a server
  // with persistence would; a new process (a new hub) does not.
  const live = createLiveHub({ log })
  const sockets = new Map()
  /** While set, new handshakes wait here unanswered (see hold()). */
  let held = null

  const startFeed = () => {
    if (feedTimer) return
    feedTimer = setInterval(() => {
      const symbol = SYMBOLS[tick % SYMBOLS.length]
      prices[symbol] = Math.max(1, prices[symbol] * (1 + (Math.random() - 0.5) / 100))
      const message = JSON.stringify({ type: 'tick', seq: tick++, symbol, price: Number(prices[symbol].toFixed(2)) })
      for (const socket of feeders) socket.send(message)
    }, 1000 / FEED_RATE)
  }

  const listen = () =>
    new Promise((resolve, reject) => {
      const server = new WebSocketServer({
        host,
        port,
        // hold(): a handshake gets no answer until release() or stop(), as from a server that hangs.
        verifyClient: (_info, done) => (held ? held.push(done) : done(true)),
      })
      server.once('error', reject)
      server.once('listening', () => {
        wss = server
        port = server.address().port
        live.start()
        resolve()
      })
      server.on('connection', (socket, req) => {
        const url = new URL(req.url ?? '/', 'ws://example')
        const path = url.pathname
        counts.open++
        counts.peak = Math.max(counts.peak, counts.open)
        counts.byPath[path] = (counts.byPath[path] ?? 0) + 1
        counts.peakByPath[path] = Math.max(counts.peakByPath[path] ?? 0, counts.byPath[path])
        log(`+ ${path} (${counts.open} open)`)
        sockets.set(socket, path)
        socket.on('close', () => {
          sockets.delete(socket)
          counts.open--
          counts.byPath[path]--
          feeders.delete(socket)
          // Nobody listening: stop ticking (the sequence carries on when someone returns).
          if (feeders.size === 0) {
            clearInterval(feedTimer)
            feedTimer = null
          }
          log(`- ${path} (${counts.open} open)`)
        })

        const answerPing = (text) => {
          if (text !== '{"type":"ping"}') return false
          socket.send('{"type":"pong"}')
          return true
        }

        if (path === '/chat') {
          const room = url.searchParams.get('room') || 'lobby'
          const name = (url.searchParams.get('name') || 'guest').slice(0, 40)
          const user = (url.searchParams.get('user') || name).slice(0, 40)
          if (!rooms.has(room)) rooms.set(room, new Map())
          /** socket → { name, user } */
          const members = rooms.get(room)
          // Each person once, however many of their tabs are in the room.
          const here = () => [...new Map([...members.values()].map((m) => [m.user, m.name])).values()]
          const broadcast = (event) => {
            const text = JSON.stringify({ ...event, room, seq: ++chatSeq, at: Date.now() })
            for (const member of members.keys()) member.send(text)
          }
          members.set(socket, { name, user })
          broadcast({ type: 'join', name, user, here: here() })
          socket.on('message', (data) => {
            const text = data.toString()
            if (answerPing(text)) return
            let body
            try {
              body = JSON.parse(text)
            } catch {
              body = { text }
            }
            const message = String(body.text ?? '')
            if (message.length > CHAT_TEXT_LIMIT) {
              const refusal = `Not sent: a message can be at most ${CHAT_TEXT_LIMIT} characters (this one has ${message.length}).`
              socket.send(JSON.stringify({ type: 'refused', room, id: body.id, message: refusal }))
              return
            }
            broadcast({ type: 'message', name, user, text: message, id: body.id })
          })
          socket.on('close', () => {
            members.delete(socket)
            broadcast({ type: 'leave', name, user, here: here() })
          })
        } else if (path === '/feed') {
          feeders.add(socket)
          startFeed()
          socket.on('message', (data) => answerPing(data.toString()))
        } else if (path === '/live') {
          live.connection(socket, answerPing)
        } else {
          socket.on('message', (data, isBinary) => {
            if (!isBinary && answerPing(data.toString())) return
            socket.send(data, { binary: isBinary })
          })
        }
      })
    })

  /** Answers the handshakes hold() kept waiting: accepted, or turned away when the server stops. */
  const release = (accept = true) => {
    const waiting = held ?? []
    held = null
    for (const done of waiting) accept ? done(true) : done(false, 503)
  }

  const stop = async (code = 1012) => {
    const server = wss
    if (!server) return
    release(false)
    wss = null
    live.stop()
    clearInterval(feedTimer)
    feedTimer = null
    for (const client of server.clients) client.close(code, 'server restart')
    await new Promise((resolve) => server.close(() => resolve()))
    for (const client of server.clients) client.terminate()
  }

  await listen()
  return {
    get port() {
      return port
    },
    url: `ws://${host}:${port}`,
    counts,
    /** The /live hub: its epoch, each topic's sequence, who is online. */
    live,
    /** Drops every socket on `path` without a closing handshake (a network blip); the server keeps running. */
    drop(path) {
      for (const [socket, p] of sockets) if (p === path) socket.terminate()
    },
    /**
     * A server that hangs: every socket is closed (1012) and new handshakes get no answer until
     * release() (or stop()), so clients stay in their reconnect attempt with nothing failed yet.
     */
    hold() {
      held ??= []
      for (const socket of sockets.keys()) socket.close(1012, 'server restart')
    },
    release,
    /** Closes every socket (1012, service restart) and stops listening. */
    stop,
    /** Listens again on the same port. */
    start: listen,
    close: () => stop(1001),
  }
}
