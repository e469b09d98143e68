import { createClient, type Client } from 'graphql-ws'
import { webSocketFor } from '../../src/websocket'
import { startServer } from '../../src/testing/server'
import { settle, waitFor } from '../../src/testing/wait'
import { startGraphqlServer, type GraphqlServer } from './graphql-server'

import type { ClientSetup } from './client-setup'

/**
 * graphql-ws's own client, unchanged, given the library's WebSocket class: the same checks on
 * every emulated platform and through Taro's real H5 runtime.
 */
export function describeGraphqlWs(name: string, setup: () => ClientSetup): void {
  describe(`graphql-ws on ${name}`, () => {
    let server: GraphqlServer
    let env: ClientSetup
    let client: Client | undefined

    beforeEach(async () => {
      server = await startGraphqlServer()
      env = setup()
    })
    afterEach(async () => {
      await client?.dispose()
      client = undefined
      await waitFor(() => server.openCount === 0, 'client sockets closed at the server')
      // The client hears its close a moment after the server does; then its socket is gone.
      await waitFor(() => env.registry.stats().active === 0 && env.registry.stats().connections === 0, 'no socket left in the registry')
      expect(server.peakOpen).toBeLessThanOrEqual(env.cap)
      expect(env.refusals?.() ?? 0).toBe(0)
      env.registry.dispose()
      env.teardown()
      await server.close()
    })

    const connect = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
      (client = createClient({ url: server.url, webSocketImpl: webSocketFor(env.registry), ...options }))

    it('streams a subscription of 1,000 events in order, then completes', async () => {
      const seen: number[] = []
      await new Promise<void>((resolve, reject) =>
        connect().subscribe<{ count: number }>(
          { query: 'subscription { count(to: 1000) }' },
          { next: ({ data }) => seen.push(data!.count), error: reject, complete: resolve },
        ),
      )
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
      expect(server.accepted).toBe(1)
    })

    it('survives a server restart through its own retry, within the platform limit', async () => {
      let connected = 0
      const ticks: number[] = []
      const errors: unknown[] = []
      // graphql-ws retries close events by itself; a refused handshake arrives as an error event,
      // which its default treats as fatal, hence shouldRetry.
      const unsubscribe = connect({
        retryAttempts: 20,
        retryWait: () => new Promise((r) => setTimeout(r, 30)),
        shouldRetry: () => true,
        on: { connected: () => connected++ },
      }).subscribe<{ ticks: number }>(
        { query: 'subscription { ticks(every: 5) }' },
        { next: ({ data }) => ticks.push(data!.ticks), error: (e) => errors.push(e), complete: () => undefined },
      )
      await waitFor(() => ticks.length >= 10, 'ticks before the restart')
      await server.stop()
      const before = ticks.length
      await settle(60)
      await server.start()
      await waitFor(() => connected === 2 && ticks.length >= before + 10, 'ticks after the restart')
      expect(errors).toEqual([])
      // The server started the stream over for the new subscription: 1, 2, 3… again.
      expect(ticks.slice(before, before + 3)).toEqual([1, 2, 3])
      unsubscribe()
    })

    it('waits for a platform slot when every socket is in use', async () => {
      // Other parts of the app hold every socket the platform allows, on another server.
      const other = await startServer()
      const holders = Array.from({ length: env.cap }, (_, i) => env.registry.acquire({ url: `${other.url}/holder-${i}` }))
      await waitFor(() => other.openCount === env.cap, 'the limit reached')
      const seen: number[] = []
      const done = new Promise<void>((resolve, reject) =>
        connect().subscribe<{ count: number }>(
          { query: 'subscription { count(to: 5) }' },
          { next: ({ data }) => seen.push(data!.count), error: reject, complete: resolve },
        ),
      )
      await settle(100)
      expect(seen).toEqual([])
      expect(env.registry.stats().queued).toBe(1)
      holders[0]!.connection.close()
      for (const holder of holders) holder.release()
      await done
      expect(seen).toEqual([1, 2, 3, 4, 5])
      await waitFor(() => other.openCount === 0, 'holders closed')
      await other.close()
    })
  })
}
