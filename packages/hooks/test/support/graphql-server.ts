import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { startRestartableServer } from './restartable-server'

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
  const server = await startRestartableServer((wss) => {
    useServer({ schema }, wss)
  })
  return {
    url: `ws://127.0.0.1:${server.port}/graphql`,
    get openCount() {
      return server.openCount
    },
    get peakOpen() {
      return server.peakOpen
    },
    get accepted() {
      return server.accepted
    },
    stop: server.stop,
    start: server.start,
    close: server.close,
  }
}
