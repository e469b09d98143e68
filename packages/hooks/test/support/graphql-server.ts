import type { AddressInfo } from 'node:net'
import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { WebSocketServer } from 'ws'

/**
 * A real graphql-ws server on 127.0.0.1: `count(to)` streams 1..to as fast as it can,
 * `ticks(every)` streams 1, 2, 3… every `every` ms until the client stops listening.
 * Records how many sockets were open at once; can restart on the same port.
 */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'world' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      count: {
        type: GraphQLInt,
        args: { to: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: async function* (_: unknown, { to }: { to: number }) {
          for (let i = 1; i <= to; i++) yield { count: i }
        },
      },
      ticks: {
        type: GraphQLInt,
        args: { every: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: async function* (_: unknown, { every }: { every: number }) {
          for (let i = 1; i < 100_000; i++) {
            await new Promise((r) => setTimeout(r, every))
            yield { ticks: i }
          }
        },
      },
    },
  }),
})

export interface GraphqlServer {
  url: string
  readonly openCount: number
  readonly peakOpen: number
  /** Connections the server accepted, in all. */
  readonly accepted: number
  /** Closes every socket with 1012 (service restart) and stops listening. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

export async function startGraphqlServer(): Promise<GraphqlServer> {
  let open = 0
  let peak = 0
  let accepted = 0
  let wss: WebSocketServer | null = null
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
    useServer({ schema }, server)
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
    const deadline = Date.now() + 2000
    while (open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    for (const client of server.clients) client.terminate()
  }

  await listen()
  return {
    url: `ws://127.0.0.1:${port}/graphql`,
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
