import type { SocketRegistry } from '../../src/core/registry'
import type { PlatformEmulator } from '../../src/testing/platform-emulator'
import type { TestServer } from '../../src/testing/server'
import { settle, waitFor } from '../../src/testing/wait'

export interface PlatformSetup {
  registry: SocketRegistry
  server: TestServer
  /** The platform's limit, as the registry should apply it. */
  cap: number
  /** Taro's Alipay runtime drops the close code the app gives; the server sees 1005. */
  dropsAppCloseCode?: boolean
  /** Emulated platforms can go to the background and kill sockets; the real H5 runtime cannot here. */
  app?: PlatformEmulator['app']
  teardown(): Promise<void> | void
}

/**
 * The same user-level behaviour, whatever the platform underneath: run once per emulated
 * platform and once through Taro's real H5 runtime.
 */
export function describeSocketBehaviour(name: string, setup: () => Promise<PlatformSetup>): void {
  describe(`on ${name}`, () => {
    let env: PlatformSetup
    const url = (path = '') => env.server.url + path

    beforeEach(async () => {
      env = await setup()
    })
    afterEach(async () => {
      env.registry.closeAll()
      await waitFor(() => env.registry.stats().active === 0, 'registry empty')
      await env.teardown()
    })

    it('shares one socket between users of the same URL', async () => {
      const a = env.registry.acquire({ url: url('/shared') })
      const b = env.registry.acquire({ url: url('/shared') })
      expect(b.connection).toBe(a.connection)
      await waitFor(() => a.connection.status === 'open', 'open')
      expect(env.server.sockets).toHaveLength(1)
    })

    it('keeps within the platform limit and lets waiting users in as slots free', async () => {
      const leases = Array.from({ length: env.cap + 2 }, (_, i) => env.registry.acquire({ url: url(`/room-${i}`) }))
      await waitFor(() => env.server.openCount === env.cap, `${env.cap} open`)
      await settle(50)
      expect(leases.filter((l) => l.connection.status === 'queued')).toHaveLength(2)
      leases[0]!.connection.close()
      leases[1]!.connection.close()
      await waitFor(() => leases.slice(2).every((l) => l.connection.status === 'open'), 'waiting users open')
      expect(env.server.peakOpen).toBe(env.cap)
    })

    it('delivers messages sent before open, in order', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      await Promise.all(['one', 'two', 'three'].map((m) => connection.send(m)))
      await waitFor(() => env.server.sockets[0]?.received.length === 3, 'three at the server')
      expect(env.server.sockets[0]!.received).toEqual(['one', 'two', 'three'])
    })

    it('ends closed after a close asked before open, with nothing left open', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      connection.close()
      await waitFor(() => connection.status === 'closed', 'closed')
      await settle(100)
      expect(env.server.openCount).toBe(0)
      expect(connection.error).toBeNull()
    })

    it("reports the server's close code and reason", async () => {
      const { connection } = env.registry.acquire({ url: url() })
      const closes: Array<{ code: number; reason: string }> = []
      connection.subscribe({ onClose: ({ code, reason }) => closes.push({ code, reason }) })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      env.server.sockets[0]!.socket.close(4001, 'token expired')
      await waitFor(() => closes.length === 1, 'close reported')
      expect(closes[0]).toEqual({ code: 4001, reason: 'token expired' })
    })

    it('passes the close code and reason the app gives to the server', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      connection.close(4000, 'bye')
      await waitFor(() => env.server.sockets[0]!.closed !== null, 'server sees the close')
      expect(env.server.sockets[0]!.closed).toEqual(env.dropsAppCloseCode ? { code: 1005, reason: '' } : { code: 4000, reason: 'bye' })
    })

    it('receives binary messages as ArrayBuffer', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      const got: unknown[] = []
      connection.subscribe({ onMessage: (m) => got.push(m) })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      env.server.broadcast(Buffer.from([7, 8, 9]))
      await waitFor(() => got.length === 1, 'binary message')
      expect(Object.prototype.toString.call(got[0])).toBe('[object ArrayBuffer]')
      expect([...new Uint8Array(got[0] as ArrayBuffer)]).toEqual([7, 8, 9])
    })

    it('reconnects at once when the app comes back after the platform killed its socket', async () => {
      if (!env.app) return // the real H5 runtime has no background here; covered on every emulated platform
      const { connection } = env.registry.acquire({ url: url() })
      await waitFor(() => connection.status === 'open', 'open')
      env.app.hide({ killSockets: true })
      await waitFor(() => env.server.openCount === 0, 'killed')
      env.app.show()
      await waitFor(() => connection.status === 'open' && env.server.openCount === 1, 'back', 2000)
    })

    it('leaves nothing open once every user leaves', async () => {
      const leases = Array.from({ length: env.cap + 1 }, (_, i) => env.registry.acquire({ url: url(`/u${i}`) }))
      await waitFor(() => env.server.openCount === env.cap, 'open')
      for (const lease of leases) lease.release()
      await waitFor(() => env.server.openCount === 0 && env.registry.stats().connections === 0, 'all closed')
    })
  })
}
