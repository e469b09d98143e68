import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

/**
 * A `ws` server on 127.0.0.1 (a free port) for a real protocol server to run on (graphql-ws,
 * an MQTT broker): counts the sockets open now, at most and in all, and can be stopped and
 * started again on the same port, as a server restart looks to its clients.
 */
export interface RestartableServer {
  /** ws://127.0.0.1:<port><path> */
  readonly url: string
  readonly port: number
  readonly openCount: number
  readonly peakOpen: number
  /** Connections accepted, in all (across restarts). */
  readonly accepted: number
  /** Closes every socket with 1012 (service restart) and stops listening. */
  stop(): Promise<void>
  /** Listens again on the same port, with a fresh `serve`. */
  start(): Promise<void>
  close(): Promise<void>
}

/**
 * `serve` is called at every (re)start with the new WebSocketServer, and gives back what to close
 * after it at a stop (the protocol server, if it has anything to close).
 */
export async function startRestartableServer(path: string, serve: (server: WebSocketServer) => (() => Promise<void>) | void): Promise<RestartableServer> {
  let open = 0
  let peak = 0
  let accepted = 0
  let wss: WebSocketServer | null = null
  let closeServed: (() => Promise<void>) | void
  let port = 0

  const listen = async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    port = (server.address() as AddressInfo).port
    server.on('connection', (socket) => {
      accepted++
      peak = Math.max(peak, ++open)
      socket.on('close', () => open--)
    })
    closeServed = serve(server)
    wss = server
  }

  const shutdown = async (code: number | null) => {
    const server = wss
    if (!server) return
    wss = null
    for (const client of server.clients) {
      if (code === null) client.terminate()
      else client.close(code, 'restart')
    }
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (closeServed) await closeServed()
    // A graceful close waits for the peers' close frames (bounded); then nothing may linger.
    const deadline = Date.now() + 2000
    while (open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    for (const client of server.clients) client.terminate()
  }

  await listen()
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    get port() {
      return port
    },
    get openCount() {
      return open
    },
    get peakOpen() {
      return peak
    },
    get accepted() {
      return accepted
    },
    stop: () => shutdown(1012),
    start: listen,
    close: () => shutdown(null),
  }
}
