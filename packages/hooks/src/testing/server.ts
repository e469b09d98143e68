import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface ServerSocket {
  socket: WebSocket
  url: string
  headers: Record<string, string | string[] | undefined>
  protocol: string
  received: string[]
  /** every binary message's bytes, in order (`received` shows each as `binary:<length>`) */
  binary: Uint8Array[]
  closed: { code: number; reason: string } | null
}

/**
 * A real WebSocket server on 127.0.0.1 that records what it sees: every socket, its
 * request URL and headers, what it received, how it closed, and the most sockets open at once.
 * It can be stopped and started again on the same port, keeping its records.
 */
export interface TestServer {
  /** ws://127.0.0.1:PORT */
  url: string
  port: number
  sockets: ServerSocket[]
  /** sockets open right now */
  readonly openCount: number
  /** the most sockets that were open at the same moment */
  readonly peakOpen: number
  broadcast(data: string | Buffer): void
  /**
   * While on, new connections are accepted but their handshake never completes (the server
   * never answers the upgrade): a server too busy to answer, as clients see it. Turning it off
   * lets later connections complete; the stalled ones hang until their client gives up or the
   * server stops.
   */
  stallHandshakes(on: boolean): void
  /** Handshakes the server is holding right now (stalled, not yet given up by their client). */
  readonly stalled: number
  /** Closes every socket with `code` (default 1012, service restart) and stops listening. */
  stop(code?: number): Promise<void>
  /** Listens again on the same port. */
  start(): Promise<void>
  close(): Promise<void>
}

export interface TestServerOptions {
  /** Echo every text message back as `echo:<message>`. Default true. */
  echo?: boolean
  /** Called with every text message (after it is recorded), to answer as a real server would. */
  onMessage?: (socket: ServerSocket, text: string) => void
  /** Called when a socket connects, before any message. */
  onConnection?: (socket: ServerSocket) => void
  /**
   * false: the server picks none of the protocols a client offers, as a server that speaks none
   * of them (browsers and most platforms then fail the connection). Default: it picks the first.
   */
  pickProtocol?: boolean
  port?: number
}

export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const echo = options.echo ?? true
  const sockets: ServerSocket[] = []
  let open = 0
  let peak = 0
  let wss: WebSocketServer | null = null
  let stalling = false
  const stalled = new Set<Socket>()
  const dropStalled = () => {
    for (const socket of stalled) socket.destroy()
    stalled.clear()
  }

  const listen = async (port: number) => {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port,
      handleProtocols: (protocols) => {
        if (options.pickProtocol === false) return false
        const [first] = protocols
        return first || false
      },
      // An asynchronous check that, while stalling, never answers: the upgrade hangs.
      verifyClient: (info, done) => {
        if (!stalling) {
          done(true)
          return
        }
        const socket = info.req.socket
        stalled.add(socket)
        socket.once('close', () => stalled.delete(socket))
      },
    })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve())
      server.once('error', reject)
    })
    server.on('connection', (socket, req) => {
      open++
      peak = Math.max(peak, open)
      const record: ServerSocket = {
        socket,
        url: req.url ?? '',
        headers: req.headers,
        protocol: socket.protocol,
        received: [],
        binary: [],
        closed: null,
      }
      sockets.push(record)
      options.onConnection?.(record)
      socket.on('message', (data, isBinary) => {
        const text = isBinary ? `binary:${(data as Buffer).length}` : data.toString()
        // binaryType is nodebuffer: one Buffer per message; copied so a pooled buffer cannot change under the test.
        if (isBinary) record.binary.push(new Uint8Array(data as Buffer))
        record.received.push(text)
        if (echo && !isBinary) socket.send(`echo:${text}`)
        if (options.onMessage && !isBinary) options.onMessage(record, text)
      })
      socket.on('close', (code, reason) => {
        open--
        record.closed = { code, reason: reason.toString() }
      })
    })
    wss = server
    return (server.address() as AddressInfo).port
  }

  const shutdown = async (graceful: number | null) => {
    const server = wss
    if (!server) return
    wss = null
    dropStalled()
    for (const client of server.clients) {
      if (graceful === null) client.terminate()
      else client.close(graceful, 'restart')
    }
    await new Promise<void>((resolve) => server.close(() => resolve()))
    // A graceful close waits for the peers' close frames; then make sure nothing lingers.
    const deadline = Date.now() + 2000
    while (open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    for (const client of server.clients) client.terminate()
  }

  const port = await listen(options.port ?? 0)
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    sockets,
    get openCount() {
      return open
    },
    get peakOpen() {
      return peak
    },
    broadcast(data) {
      for (const record of sockets) {
        if (!record.closed) record.socket.send(data)
      }
    },
    stallHandshakes(on) {
      stalling = on
    },
    get stalled() {
      return stalled.size
    },
    stop: (code = 1012) => shutdown(code),
    start: async () => {
      await listen(port)
    },
    close: () => shutdown(null),
  }
}
