import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface ServerSocket {
  socket: WebSocket
  url: string
  headers: Record<string, string | string[] | undefined>
  protocol: string
  received: string[]
  closed: { code: number; reason: string } | null
}

/**
 * A real WebSocket server on 127.0.0.1 that records what it sees: every socket, its
 * request URL and headers, what it received, how it closed, and the most sockets open at once.
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
  close(): Promise<void>
}

export interface TestServerOptions {
  /** Echo every text message back as `echo:<message>`. Default true. */
  echo?: boolean
}

export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const echo = options.echo ?? true
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => [...protocols][0] ?? false })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const port = (wss.address() as AddressInfo).port
  const sockets: ServerSocket[] = []
  let open = 0
  let peak = 0

  wss.on('connection', (socket, req) => {
    open++
    peak = Math.max(peak, open)
    const record: ServerSocket = {
      socket,
      url: req.url ?? '',
      headers: req.headers,
      protocol: socket.protocol,
      received: [],
      closed: null,
    }
    sockets.push(record)
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? `binary:${(data as Buffer).length}` : data.toString()
      record.received.push(text)
      if (echo && !isBinary) socket.send(`echo:${text}`)
    })
    socket.on('close', (code, reason) => {
      open--
      record.closed = { code, reason: reason.toString() }
    })
  })

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
      for (const s of sockets) if (!s.closed) s.socket.send(data)
    },
    close() {
      for (const client of wss.clients) client.terminate()
      return new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
