import { WebSocketServer } from 'ws'
import { createLiveHub } from './live-hub.mjs'

/**
 * The example's own server, on 127.0.0.1 by default:
 *   /echo            echoes every text message
 *   /chat?room=&name= broadcasts JSON chat events to everyone in the room, each with a `seq`
 *                    unique on this server (the app keys its list by it)
 *   /feed            streams price ticks, 50 a second
 *   /live            the JSON topic protocol of taro-socket-hooks/topics: chat rooms, a ticker and
 *                    presence over one socket, with cursors and replay (server/live-hub.mjs)
 * Every path answers the app's heartbeat {"type":"ping"} with {"type":"pong"}.
 * It counts open sockets per path (and the most at once) so tests can read them.
 */
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE']
const FEED_RATE = 50

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
      const server = new WebSocketServer({ host, port })
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
          const name = url.searchParams.get('name') || 'guest'
          if (!rooms.has(room)) rooms.set(room, new Set())
          const members = rooms.get(room)
          const broadcast = (event) => {
            const text = JSON.stringify({ ...event, room, seq: ++chatSeq, at: Date.now() })
            for (const member of members) member.send(text)
          }
          members.add(socket)
          broadcast({ type: 'join', name })
          socket.on('message', (data) => {
            const text = data.toString()
            if (answerPing(text)) return
            let body
            try {
              body = JSON.parse(text)
            } catch {
              body = { text }
            }
            broadcast({ type: 'message', name, text: String(body.text ?? '').slice(0, 500), id: body.id })
          })
          socket.on('close', () => {
            members.delete(socket)
            broadcast({ type: 'leave', name })
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

  const stop = async (code = 1012) => {
    const server = wss
    if (!server) return
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
    /** Closes every socket (1012, service restart) and stops listening. */
    stop,
    /** Listens again on the same port. */
    start: listen,
    close: () => stop(1001),
  }
}
