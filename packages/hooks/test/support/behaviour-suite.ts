import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import type { ConnectContext } from '../../src/core/request'
import { handshake as makeHandshake, type Handshake } from '../../src/core/handshake'
import { isSocketError, type SocketError } from '../../src/core/errors'
import type { EmulatorOptions, PlatformEmulator } from '../../src/testing/platform-emulator'
import { createTestClock } from '../../src/testing/clock'
import type { TestServer } from '../../src/testing/server'
import { settle, waitFor } from '../../src/testing/wait'
import { webSocketFor } from '../../src/websocket'

export interface PlatformSetup {
  registry: SocketRegistry
  server: TestServer
  /** The platform's limit, as the registry should apply it. */
  cap: number
  /** Taro's Alipay runtime drops the close code the app gives; the server sees 1005. */
  dropsAppCloseCode?: boolean
  /** Emulated platforms can go to the background and kill sockets; the real H5 runtime cannot here. */
  app?: PlatformEmulator['app']
  /** connectSocket calls the platform refused for its limit (emulated platforms only). */
  refusals?: () => number
  teardown(): Promise<void> | void
}

/** What a test changes from the platform's default setup. */
export interface SetupOverrides {
  registry?: SocketRegistryOptions
  /** Emulated platforms only. */
  emulator?: EmulatorOptions
}

// Sent as fresh copies: jsdom's WebSocket (Taro H5 here) hands the caller's bytes to `ws`, which
// masks them in place, so a shared buffer would be scrambled for the next test.
const EVERY_BYTE = new Uint8Array(Array.from({ length: 256 }, (_, i) => i))
const UNICODE = '你好, 世界 ✓'

/**
 * The same user-level behaviour, whatever the platform underneath: run once per emulated
 * platform and once through Taro's real H5 runtime.
 */
export function describeSocketBehaviour(name: string, setup: (overrides: SetupOverrides) => Promise<PlatformSetup>): void {
  describe(`on ${name}`, () => {
    let env: PlatformSetup
    const url = (path = '') => env.server.url + path

    const teardown = async () => {
      env.registry.closeAll()
      await waitFor(() => env.registry.stats().active === 0, 'registry empty')
      await env.teardown()
    }
    /** Replaces this test's setup with one that has the given options. */
    const reconfigure = async (overrides: SetupOverrides) => {
      await teardown()
      env = await setup(overrides)
    }

    beforeEach(async () => {
      env = await setup({})
    })
    afterEach(teardown)

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

    it('sends the handshake first, then what onOpen listeners send, then the queue, on every open', async () => {
      // The library's time stands still: the reconnect after the drop comes when the test moves the clock.
      const clock = createTestClock()
      await reconfigure({ registry: { clock, reconnect: { minDelay: 100, maxDelay: 100 } } })
      // An auth frame, then the server's answer read before anything else may go out.
      const handshake: Handshake = async (socket) => {
        socket.send(`auth:${socket.attempt}`)
        const answer = await socket.receive()
        if (answer !== `echo:auth:${socket.attempt}`) throw new Error(`unexpected ${String(answer)}`)
      }
      const { connection } = env.registry.acquire({ url: url('/handshake'), handshake: makeHandshake(handshake) })
      const heard: unknown[] = []
      connection.subscribe({ onOpen: () => void connection.send('from onOpen'), onMessage: (data) => heard.push(data) })
      const queued = [connection.send('q1'), connection.send('q2')]
      await Promise.all(queued)
      await waitFor(() => heard.includes('echo:q2'), 'echoes heard')
      expect(env.server.sockets[0]!.received).toEqual(['auth:0', 'from onOpen', 'q1', 'q2'])
      // The handshake read its answer: the app's listeners never see it.
      expect(heard).toEqual(['echo:from onOpen', 'echo:q1', 'echo:q2'])

      env.server.sockets[0]!.socket.close(1012, 'restart')
      await waitFor(() => connection.status === 'reconnecting', 'dropped')
      const later = connection.send('q3')
      await clock.advance(100)
      await later
      await waitFor(() => env.server.sockets[1]?.received.length === 3, 'three on the new socket')
      expect(env.server.sockets[1]!.received).toEqual(['auth:1', 'from onOpen', 'q3'])
    })

    it('fails a connect whose handshake fails with HANDSHAKE_FAILED and keeps the queue for the next one', async () => {
      const clock = createTestClock()
      await reconfigure({ registry: { clock, reconnect: { minDelay: 100, maxDelay: 100 } } })
      const refusal = new Error('no session yet')
      const handshake: Handshake = (socket) => {
        socket.send(`hello:${socket.attempt}`)
        if (socket.attempt === 0) throw refusal
      }
      const { connection } = env.registry.acquire({ url: url('/handshake'), handshake: makeHandshake(handshake) })
      const errors: SocketError[] = []
      connection.subscribe({ onError: (error) => errors.push(error) })
      const sent = connection.send('typed before open')
      await waitFor(() => errors.length === 1 && connection.status === 'reconnecting', 'the handshake failed')
      expect([isSocketError(errors[0]), errors[0]!.code, errors[0]!.cause]).toEqual([true, 'HANDSHAKE_FAILED', refusal])
      await clock.advance(100)
      await sent
      await waitFor(() => env.server.sockets[1]?.received.length === 2, 'sent on the second socket')
      // Nothing of the app's went on the failed socket (Taro H5 may close it before its hello is flushed).
      expect(env.server.sockets[0]!.received.filter((m) => m !== 'hello:0')).toEqual([])
      expect(env.server.sockets[1]!.received).toEqual(['hello:1', 'typed before open'])
      expect(connection.status).toBe('open')
    })

    it('gives listeners what the server sent during the handshake that the handshake did not read, after the open', async () => {
      const handshake: Handshake = async (socket) => {
        socket.send('first')
        socket.send('second')
        expect(await socket.receive()).toBe('echo:first')
      }
      const { connection } = env.registry.acquire({ url: url('/handshake'), handshake: makeHandshake(handshake) })
      const heard: unknown[] = []
      let openedWith = -1
      connection.subscribe({ onOpen: () => (openedWith = heard.length), onMessage: (data) => heard.push(data) })
      await waitFor(() => heard.length === 1, 'the unread message')
      expect([openedWith, heard]).toEqual([0, ['echo:second']])
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

    it('asks for a fresh token once per connect, at once after the server closes for an expired one', async () => {
      // The library's time stands still: the reconnect after an auth close waits for no backoff.
      const clock = createTestClock()
      await reconfigure({ registry: { clock, reconnect: { authCloseCodes: [4401] } } })
      const asked: ConnectContext[] = []
      let issued = 0
      const token = async (context: ConnectContext) => {
        asked.push(context)
        await settle(5) // a token service answers later
        return { token: `t${++issued}` }
      }
      const { connection } = env.registry.acquire({ url: url('/auth'), data: token, header: () => ({ 'X-Token': `t${issued}` }) })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      expect(env.server.sockets[0]!.url).toBe('/auth?token=t1')
      env.server.sockets[0]!.socket.close(4401, 'token expired')
      await waitFor(() => env.server.sockets.length === 2 && connection.status === 'open', 'reconnected with a new token')
      expect(env.server.sockets[1]!.url).toBe('/auth?token=t2')
      expect(asked).toEqual([
        { attempt: 0, authFailed: false },
        { attempt: 1, authFailed: true },
      ])
      // Nothing else was asked, even once backoff would have passed.
      await clock.advance(60_000)
      expect(asked).toHaveLength(2)
    })

    it('passes the close code and reason the app gives to the server', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      connection.close(4000, 'bye')
      await waitFor(() => env.server.sockets[0]!.closed !== null, 'server sees the close')
      expect(env.server.sockets[0]!.closed).toEqual(env.dropsAppCloseCode ? { code: 1005, reason: '' } : { code: 4000, reason: 'bye' })
    })

    it('sends an ArrayBuffer of every byte value as one binary frame, byte-exact', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      await connection.send(EVERY_BYTE.slice().buffer)
      await waitFor(() => env.server.sockets[0]?.binary.length === 1, 'the frame at the server')
      expect(env.server.sockets[0]!.received).toEqual(['binary:256'])
      expect([...env.server.sockets[0]!.binary[0]!]).toEqual([...EVERY_BYTE])
    })

    it('sends exactly the 5 bytes of a Uint8Array at offset 3', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      await connection.send(new Uint8Array(EVERY_BYTE.slice().buffer, 3, 5))
      await waitFor(() => env.server.sockets[0]?.binary.length === 1, 'the frame at the server')
      expect([...env.server.sockets[0]!.binary[0]!]).toEqual([3, 4, 5, 6, 7])
    })

    it('delivers binary from the server to onMessage as an ArrayBuffer, byte-exact', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      const got: unknown[] = []
      connection.subscribe({ onMessage: (m) => got.push(m) })
      await waitFor(() => connection.status === 'open' && env.server.sockets.length === 1, 'open')
      env.server.broadcast(Buffer.from(EVERY_BYTE))
      env.server.broadcast(Buffer.from([7, 8, 9]))
      await waitFor(() => got.length === 2, 'two binary messages')
      expect(got.map((m) => Object.prototype.toString.call(m))).toEqual(['[object ArrayBuffer]', '[object ArrayBuffer]'])
      expect([...new Uint8Array(got[0] as ArrayBuffer)]).toEqual([...EVERY_BYTE])
      expect([...new Uint8Array(got[1] as ArrayBuffer)]).toEqual([7, 8, 9])
    })

    it('round-trips text with non-ASCII characters unchanged', async () => {
      const { connection } = env.registry.acquire({ url: url() })
      const got: unknown[] = []
      connection.subscribe({ onMessage: (m) => got.push(m) })
      await connection.send(UNICODE)
      await waitFor(() => got.length === 1, 'the echo')
      expect(env.server.sockets[0]!.received).toEqual([UNICODE])
      expect(got).toEqual([`echo:${UNICODE}`])
    })

    it('carries binary and non-ASCII text both ways through the WebSocket class', async () => {
      const WebSocket = webSocketFor(env.registry)
      const ws = new WebSocket(url('/class'))
      const got: unknown[] = []
      const errors: string[] = []
      ws.onmessage = (e) => got.push(e.data)
      ws.onerror = (e) => errors.push(e.error.code)
      ws.send(EVERY_BYTE.slice().buffer)
      ws.send(new Uint8Array(EVERY_BYTE.slice().buffer, 3, 5))
      ws.send(Buffer.from([250, 251]))
      ws.send(UNICODE)
      await waitFor(() => env.server.sockets[0]?.received.length === 4, 'four at the server')
      const server = env.server.sockets[0]!
      expect(server.received).toEqual(['binary:256', 'binary:5', 'binary:2', UNICODE])
      expect(server.binary.map((b) => [...b])).toEqual([[...EVERY_BYTE], [3, 4, 5, 6, 7], [250, 251]])
      server.socket.send(Buffer.from(EVERY_BYTE))
      await waitFor(() => got.length === 2, 'the echo and the binary')
      expect(got[0]).toBe(`echo:${UNICODE}`)
      expect(Object.prototype.toString.call(got[1])).toBe('[object ArrayBuffer]')
      expect([...new Uint8Array(got[1] as ArrayBuffer)]).toEqual([...EVERY_BYTE])
      expect(errors).toEqual([])
      ws.close()
      await waitFor(() => ws.readyState === 3, 'closed')
    })

    it.each([
      ['as this platform reports it', true],
      ['silently, with no onClose', 'silently'],
    ] as const)('reconnects at once when the app comes back after a background kill (%s)', async (_, killSockets) => {
      if (!env.app) return // the real H5 runtime has no background here; covered on every emulated platform
      // The library's time stands still: the reconnect on show waits for no backoff.
      await reconfigure({ registry: { clock: createTestClock() } })
      const { connection } = env.registry.acquire({ url: url() })
      await waitFor(() => connection.status === 'open', 'open')
      env.app!.hide({ killSockets })
      await waitFor(() => env.server.openCount === 0, 'killed')
      await settle(50)
      expect(env.server.sockets).toHaveLength(1) // nothing reconnects while the app is hidden
      env.app!.show()
      await waitFor(() => connection.status === 'open' && env.server.openCount === 1, 'back')
      expect(env.server.sockets).toHaveLength(2)
    })

    it('reconnects when the platform closes a socket that carried no traffic for a while', async () => {
      if (!env.app) return // an emulated platform's idle timer; Taro's H5 runtime has none
      await reconfigure({ emulator: { idleTimeout: 150 } })
      const { connection } = env.registry.acquire({ url: url() })
      await waitFor(() => env.server.sockets.length === 2 && env.server.openCount === 1, 'closed when idle, then back')
      await waitFor(() => connection.status === 'open', 'open')
    })

    it('drops a socket nobody uses any more instead of reconnecting it', async () => {
      await reconfigure({ registry: { releaseDelay: 2000 } })
      const lease = env.registry.acquire({ url: url('/left') })
      await waitFor(() => lease.connection.status === 'open' && env.server.openCount === 1, 'open')
      lease.release() // the release delay is running: the socket stays open for a quick remount
      env.server.sockets[0]!.socket.close(1012, 'restart')
      await waitFor(() => lease.connection.status === 'closed', 'closed')
      await settle(200)
      expect(env.server.sockets).toHaveLength(1)
      expect(env.registry.stats().active).toBe(0)
    })

    it('gives the slots back to the sockets that were open before a server restart', async () => {
      const leases = Array.from({ length: env.cap + 2 }, (_, i) => env.registry.acquire({ url: url(`/slot-${i}`) }))
      // The server counts a socket at its handshake; the app once its open event arrives.
      await waitFor(() => env.server.openCount === env.cap && leases.filter((l) => l.connection.status === 'open').length === env.cap, `${env.cap} open`)
      const openBefore = leases.filter((l) => l.connection.status === 'open').map((l) => l.connection.key)
      expect(openBefore).toHaveLength(env.cap)
      await env.server.stop()
      await settle(80) // several backoff rounds while the server is down
      await env.server.start()
      await waitFor(() => env.server.openCount === env.cap && leases.filter((l) => l.connection.status === 'open').length === env.cap, 'back')
      await settle(50)
      const openAfter = leases.filter((l) => l.connection.status === 'open').map((l) => l.connection.key)
      expect(openAfter).toEqual(openBefore)
      expect(leases.filter((l) => l.connection.status === 'queued')).toHaveLength(2)
      expect(env.server.peakOpen).toBe(env.cap)
    })

    it('keeps counting a handshake it gave up on until the platform lets the socket go', async () => {
      // The app waits 100 ms for a handshake; the platform keeps the socket for 400 ms.
      await reconfigure({ registry: { connectTimeout: 100 }, emulator: { connectTimeout: 400 } })
      env.server.stallHandshakes(true)
      const leases = Array.from({ length: env.cap }, (_, i) => env.registry.acquire({ url: url(`/busy-${i}`) }))
      const timedOut: string[] = []
      for (const lease of leases) lease.connection.subscribe({ onError: (e) => timedOut.push(e.code) })
      await waitFor(() => timedOut.filter((c) => c === 'CONNECT_TIMEOUT').length >= env.cap, 'every handshake timed out')
      env.server.stallHandshakes(false)
      await waitFor(() => leases.every((l) => l.connection.status === 'open'), 'all open once the platform let go')
      expect(env.refusals?.() ?? 0).toBe(0)
      expect(env.server.peakOpen).toBeLessThanOrEqual(env.cap)
    })

    it('closes every socket at once and stops listening to the app when disposed', async () => {
      // The library's time stands still: the sockets close without waiting out any release delay.
      await reconfigure({ registry: { clock: createTestClock() } })
      const leases = Array.from({ length: env.cap + 1 }, (_, i) => env.registry.acquire({ url: url(`/d${i}`) }))
      await waitFor(() => env.server.openCount === env.cap, 'open')
      env.registry.dispose()
      await waitFor(() => env.server.openCount === 0, 'all closed')
      expect(env.registry.stats()).toMatchObject({ active: 0, queued: 0, connections: 0 })
      expect(env.app?.listeners ?? 0).toBe(0)
      for (const lease of leases) lease.release() // components unmounting after the provider: harmless
      expect(() => env.registry.acquire({ url: url() })).toThrow(expect.objectContaining({ code: 'DISPOSED' }))
      await settle(100)
      expect(env.server.openCount).toBe(0)
    })

    it('leaves nothing open once every user leaves', async () => {
      const leases = Array.from({ length: env.cap + 1 }, (_, i) => env.registry.acquire({ url: url(`/u${i}`) }))
      await waitFor(() => env.server.openCount === env.cap, 'open')
      for (const lease of leases) lease.release()
      await waitFor(() => env.server.openCount === 0 && env.registry.stats().connections === 0, 'all closed')
    })
  })
}
