import type { CloseEvent } from '../../src/core/machine'
import type { SocketRegistryOptions } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { useLoopback } from '../support/fixture'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { settle, waitFor } from '../support/wait'

const loopback = useLoopback()

function open(name: EmulatedPlatform, options: SocketRegistryOptions = {}) {
  return loopback.registryOn(name, options).acquire({ url: loopback.server.url }).connection
}

describe.each(['weapp', 'alipay'] as const)('a connection on %s', (name) => {
  it('delivers messages sent before open, in order, once it opens', async () => {
    const connection = open(name)
    expect(connection.status).toBe('connecting')
    const sends = Array.from({ length: 20 }, (_, i) => connection.send(`m${i}`))
    await Promise.all(sends)
    await waitFor(() => loopback.server.sockets[0]?.received.length === 20, 'all 20 at the server')
    expect(loopback.server.sockets[0]!.received).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`))
  })

  it('goes through queued, connecting, open, closing, closed', async () => {
    const registry = loopback.registryOn(name, { maxConnections: 1 })
    const holder = registry.acquire({ url: `${loopback.server.url}/holder` }).connection
    const lease = registry.acquire({ url: loopback.server.url })
    expect(lease.connection.status).toBe('queued')
    const seen: string[] = []
    lease.connection.subscribe({ onChange: () => seen.push(lease.connection.status) })
    await waitFor(() => holder.status === 'open', 'holder open')
    holder.close()
    await waitFor(() => lease.connection.status === 'open', 'open')
    lease.connection.close()
    await waitFor(() => lease.connection.status === 'closed', 'closed')
    expect(seen).toEqual(['connecting', 'open', 'closing', 'closed'])
  })

  it('carries out a close asked before open as soon as the socket opens', async () => {
    const connection = open(name)
    const closes: CloseEvent[] = []
    connection.subscribe({ onClose: (e) => closes.push(e) })
    await waitFor(() => connection.status === 'connecting', 'connecting')
    const pending = connection.send('never sent')
    connection.close(4000, 'changed my mind')
    expect(connection.status).toBe('closing')
    await expect(pending).rejects.toMatchObject({ code: 'NOT_OPEN' })
    await waitFor(() => connection.status === 'closed', 'closed')
    await waitFor(() => loopback.server.openCount === 0 && loopback.server.sockets[0]?.closed !== null, 'server sees the close')
    expect(loopback.server.sockets[0]!.received).toEqual([])
    expect(closes).toHaveLength(1)
    expect(closes[0]!.wasRequested).toBe(true)
    expect(connection.error).toBeNull()
  })

  it('closes a queued connection without ever calling the platform', async () => {
    const registry = loopback.registryOn(name, { maxConnections: 1 })
    const first = registry.acquire({ url: `${loopback.server.url}/1` }).connection
    const second = registry.acquire({ url: `${loopback.server.url}/2` }).connection
    expect(second.status).toBe('queued')
    second.close()
    expect(second.status).toBe('closed')
    await waitFor(() => first.status === 'open', 'first open')
    first.close()
    await waitFor(() => first.status === 'closed', 'first closed')
    await settle(50)
    expect(loopback.platform.calls.map((c) => c.url)).toEqual([`${loopback.server.url}/1`])
  })

  it('rejects sends after close with NOT_OPEN and sends again after open()', async () => {
    const connection = open(name)
    await waitFor(() => connection.status === 'open', 'open')
    connection.close()
    await expect(connection.send('late')).rejects.toMatchObject({ code: 'NOT_OPEN' })
    await waitFor(() => connection.status === 'closed', 'closed')
    connection.open()
    await connection.send('again')
    await waitFor(() => loopback.server.sockets[1]?.received.length === 1, 'second socket receives')
    expect(loopback.server.sockets[1]!.received).toEqual(['again'])
    expect(loopback.server.sockets[0]!.received).toEqual([])
  })

  it('bounds the queue: the send past the limit is rejected with QUEUE_FULL, the rest arrive', async () => {
    const connection = open(name, { maxQueuedMessages: 3 })
    const kept = [connection.send('a'), connection.send('b'), connection.send('c')]
    await expect(connection.send('d')).rejects.toMatchObject({ code: 'QUEUE_FULL' })
    await Promise.all(kept)
    await waitFor(() => loopback.server.sockets[0]?.received.length === 3, 'three at the server')
    expect(loopback.server.sockets[0]!.received).toEqual(['a', 'b', 'c'])
  })

  it('refuses to send anything but a string, an ArrayBuffer or a view of one, and says what it takes', async () => {
    const connection = open(name)
    const refused = connection.send({ a: 1 } as never)
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_MESSAGE' })
    await expect(refused).rejects.toThrow('A value of type Object cannot be sent. Send a string, an ArrayBuffer or an ArrayBufferView')
    await expect(connection.send(null as never)).rejects.toThrow('A value of type Null cannot be sent')
    await waitFor(() => connection.status === 'open', 'open')
    await connection.send('after')
    await waitFor(() => loopback.server.sockets[0]?.received.length === 1, 'at the server')
    expect(loopback.server.sockets[0]!.received).toEqual(['after']) // nothing of the refused ones went out
  })

  it("sends exactly a view's bytes: a typed array window, a DataView, a Buffer, a whole ArrayBuffer", async () => {
    const connection = open(name)
    const buffer = new Uint8Array(Array.from({ length: 16 }, (_, i) => i)).buffer
    await connection.send(new Uint8Array(buffer, 3, 5))
    await connection.send(new DataView(buffer, 10, 2))
    await connection.send(Buffer.from([200, 201]))
    await connection.send(new Uint16Array([0x0102]))
    await connection.send(buffer)
    await waitFor(() => loopback.server.sockets[0]?.binary.length === 5, 'five at the server')
    expect(loopback.server.sockets[0]!.binary.map((b) => [...b])).toEqual([
      [3, 4, 5, 6, 7],
      [10, 11],
      [200, 201],
      [...new Uint8Array(new Uint16Array([0x0102]).buffer)],
      Array.from({ length: 16 }, (_, i) => i),
    ])
  })

  it("counts a view's own bytes against maxMessageBytes", async () => {
    const connection = open(name, { maxMessageBytes: 5 })
    const buffer = new ArrayBuffer(64)
    await connection.send(new Uint8Array(buffer, 10, 5))
    await expect(connection.send(new Uint8Array(buffer, 10, 6))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' })
    await waitFor(() => loopback.server.sockets[0]?.binary.length === 1, 'at the server')
    expect(loopback.server.sockets[0]!.binary[0]).toHaveLength(5)
  })

  it('receives text and binary messages', async () => {
    const connection = open(name)
    const got: unknown[] = []
    connection.subscribe({ onMessage: (d) => got.push(d) })
    await waitFor(() => connection.status === 'open' && loopback.server.sockets.length === 1, 'open')
    loopback.server.broadcast('hello')
    loopback.server.broadcast(Buffer.from([1, 2, 3]))
    await waitFor(() => got.length === 2, 'two messages')
    expect(got[0]).toBe('hello')
    expect(Object.prototype.toString.call(got[1])).toBe('[object ArrayBuffer]')
    expect([...new Uint8Array(got[1] as ArrayBuffer)]).toEqual([1, 2, 3])
  })

  it("ends closed with the server's close code when the server closes and reconnect is off", async () => {
    const connection = open(name, { reconnect: false })
    const closes: CloseEvent[] = []
    connection.subscribe({ onClose: (e) => closes.push(e) })
    await waitFor(() => loopback.server.sockets.length === 1 && connection.status === 'open', 'open')
    loopback.server.sockets[0]!.socket.close(4001, 'token expired')
    await waitFor(() => connection.status === 'closed', 'closed')
    expect(closes).toEqual([{ code: 4001, reason: 'token expired', wasRequested: false }])
  })

  it('reports a refused handshake as CONNECT_FAILED with what the platform said', async () => {
    await loopback.server.close()
    const connection = open(name, { reconnect: false })
    const errors: string[] = []
    connection.subscribe({ onError: (e) => errors.push(e.code) })
    await waitFor(() => connection.status === 'closed', 'closed')
    expect(connection.error?.code).toBe('CONNECT_FAILED')
    expect(connection.error?.message).toMatch(/ECONNREFUSED/)
    expect(errors).toEqual(['CONNECT_FAILED'])
    await loopback.restart()
  })
})

describe('platform error shapes', () => {
  it("keeps Alipay's numbered error code and WeChat's errMsg", async () => {
    const alipay = emulatePlatform('alipay')
    const weapp = emulatePlatform('weapp')
    const failing = (p: PlatformEmulator) =>
      createSocketRegistry({ platform: p.platform, reconnect: false, allowInsecure: true, connect: (o) => p.connectSocket({ ...o, url: 'http://bad' }) })
    const a = failing(alipay).acquire({ url: loopback.server.url }).connection
    const w = failing(weapp).acquire({ url: loopback.server.url }).connection
    await waitFor(() => a.status === 'closed' && w.status === 'closed', 'both failed')
    expect(a.error).toMatchObject({ code: 'CONNECT_FAILED', platformCode: 5 })
    expect(w.error).toMatchObject({ code: 'CONNECT_FAILED', errMsg: expect.stringMatching(/ws:\/\/ or wss:\/\//) })
  })

  it("reports WeChat's refusal of a sixth socket as CONNECT_FAILED when the limit is set too high", async () => {
    const registry = loopback.registryOn('weapp', { maxConnections: 6, reconnect: false })
    const connections = Array.from({ length: 6 }, (_, i) => registry.acquire({ url: `${loopback.server.url}/${i}` }).connection)
    await waitFor(() => connections.every((c) => c.status === 'open' || c.status === 'closed'), 'settled')
    const failed = connections.filter((c) => c.status === 'closed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.error?.errMsg).toMatch(/exceed max task count/)
    // Its slot is free again: the registry does not count a socket the platform refused.
    expect(registry.stats().active).toBe(5)
  })
})
