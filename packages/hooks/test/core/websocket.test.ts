/**
 * The standard WebSocket surface, as a client library uses it, against a real server.
 */
import { isSocketError } from '../../src/core/errors'
import { webSocketFor } from '../../src/websocket'
import { useLoopback } from '../support/fixture'
import { settle, waitFor } from '../support/wait'

const loopback = useLoopback()

describe('webSocketFor(registry)', () => {
  it('opens, sends, receives and closes like a browser WebSocket, with handlers and listeners', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp'))
    const ws = new WebSocket(`${loopback.server.url}/echo`, 'chat.v1')
    expect([ws.readyState, WebSocket.CONNECTING, ws.OPEN, ws.url, ws.binaryType]).toEqual([0, 0, 1, `${loopback.server.url}/echo`, 'arraybuffer'])
    const seen: string[] = []
    ws.onopen = (e) => seen.push(`${e.type}:${ws.readyState}`)
    const onMessage = (e: { data: unknown }) => seen.push(`listener:${String(e.data)}`)
    ws.addEventListener('message', onMessage)
    ws.onmessage = (e) => seen.push(`handler:${String(e.data)}`)
    const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) => (ws.onclose = resolve))
    await waitFor(() => ws.readyState === 1, 'open')
    expect(ws.protocol).toBe('chat.v1')
    ws.send('hi')
    await waitFor(() => seen.length === 3, 'echo')
    ws.removeEventListener('message', onMessage)
    ws.send('again')
    await waitFor(() => seen.length === 4, 'second echo')
    ws.close(4000, 'done')
    expect(ws.readyState).toBe(2)
    expect(await closed).toMatchObject({ code: 4000, reason: 'done', wasClean: true })
    expect(ws.readyState).toBe(3)
    expect(seen).toEqual(['open:1', 'handler:echo:hi', 'listener:echo:hi', 'handler:echo:again'])
    expect(loopback.server.sockets[0]!.closed).toEqual({ code: 4000, reason: 'done' })
    expect(loopback.server.sockets[0]!.protocol).toBe('chat.v1')
  })

  it('gives every instance a socket of its own that never reconnects by itself', async () => {
    const registry = loopback.registryOn('weapp', { reconnect: { minDelay: 10, maxDelay: 20 } })
    const WebSocket = webSocketFor(registry)
    const a = new WebSocket(loopback.server.url)
    const b = new WebSocket(loopback.server.url)
    await waitFor(() => a.readyState === 1 && b.readyState === 1, 'both open')
    expect(loopback.server.sockets).toHaveLength(2)
    const closes: number[] = []
    a.onclose = (e) => closes.push(e.code)
    loopback.server.sockets[0]!.socket.close(1012, 'restart')
    await waitFor(() => closes.length === 1, 'closed')
    await settle(100)
    expect(closes).toEqual([1012])
    expect(loopback.server.sockets).toHaveLength(2) // no reconnect: the client above decides
    expect(registry.stats().connections).toBe(1)
    b.close()
    await waitFor(() => registry.stats().connections === 0, 'gone from the registry')
  })

  it('counts against the platform limit: the sixth waits, connecting, until one closes', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp'))
    const sockets = Array.from({ length: 6 }, (_, i) => new WebSocket(`${loopback.server.url}/${i}`))
    await waitFor(() => loopback.server.openCount === 5, 'five open')
    await settle(50)
    expect(sockets.map((s) => s.readyState)).toEqual([1, 1, 1, 1, 1, 0])
    sockets[0]!.close()
    await waitFor(() => sockets[5]!.readyState === 1, 'the sixth opens')
    expect(loopback.platform.refusals).toBe(0)
    for (const s of sockets) s.close()
  })

  it('reports a failed connection as error then close, and rejects bad input at once', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp', { reconnect: { minDelay: 10, maxDelay: 20 } }))
    const events: string[] = []
    const ws = new WebSocket('ws://127.0.0.1:9/nothing-listens-here')
    ws.onerror = (e) => events.push(`error:${e.error.code}`)
    ws.onclose = (e) => events.push(`close:${e.code}:${e.wasClean}`)
    await waitFor(() => events.length === 2, 'error and close')
    expect(events).toEqual(['error:CONNECT_FAILED', 'close:1006:false'])

    expect(() => new WebSocket('https://example.com')).toThrow(expect.objectContaining({ code: 'INVALID_SCHEME' }))
    const open = new WebSocket(loopback.server.url)
    await waitFor(() => open.readyState === 1, 'open')
    let thrown: unknown
    try {
      open.close(1001)
    } catch (e) {
      thrown = e
    }
    expect(isSocketError(thrown) && thrown.code).toBe('INVALID_CLOSE_CODE')
    open.close()
  })

  it('sends typed arrays and Buffers as a binary client does: exactly their bytes, one frame each', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp'))
    const ws = new WebSocket(loopback.server.url, ['mqtt'])
    const errors: string[] = []
    ws.onerror = (e) => errors.push(e.error.code)
    ws.send(new Uint8Array([104, 105]))
    ws.send(Buffer.from('packet'))
    ws.send(new Uint8Array(new Uint8Array([9, 9, 9, 1, 2, 3, 4, 5, 9]).buffer, 3, 5))
    await waitFor(() => loopback.server.sockets[0]?.binary.length === 3, 'three frames')
    expect(loopback.server.sockets[0]!.binary.map((b) => Buffer.from(b).toString('latin1'))).toEqual(['hi', 'packet', '\x01\x02\x03\x04\x05'])
    expect(errors).toEqual([])
    ws.close()
  })

  it('tells a value it cannot send (a Blob, an object) as an error event naming what it takes', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp'))
    const ws = new WebSocket(loopback.server.url)
    const errors: string[] = []
    ws.onerror = (e) => errors.push(e.message)
    ws.send({ not: 'sendable' } as never)
    await waitFor(() => errors.length === 1, 'error event')
    expect(errors[0]).toMatch(/^A value of type Object cannot be sent\. Send a string, an ArrayBuffer or an ArrayBufferView/)
    ws.close()
  })

  it('does not lose what is sent before open: it goes out once the socket opens', async () => {
    const WebSocket = webSocketFor(loopback.registryOn('weapp'))
    const ws = new WebSocket(loopback.server.url)
    ws.send('early')
    await waitFor(() => loopback.server.sockets[0]?.received.length === 1, 'arrived')
    expect(loopback.server.sockets[0]!.received).toEqual(['early'])
    ws.close()
  })
})
