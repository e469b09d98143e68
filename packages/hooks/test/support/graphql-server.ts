import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import { startRestartableServer, type RestartableServer } from './restartable-server'

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

/** Restartable on the same port: `stop()` closes every socket with 1012 (service restart). */
export type GraphqlServer = RestartableServer

export function startGraphqlServer(): Promise<GraphqlServer> {
  return startRestartableServer('/graphql', (wss) => {
    useServer({ schema }, wss)
  })
}
