/**
 * The same user-level behaviour, through Taro's real H5 SocketTask (@tarojs/taro-h5)
 * over jsdom's WebSocket, against a real server. No emulation here.
 */
import { act, render, screen } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { SocketProvider, useSocket } from '../../../src'
import type { SocketRegistry } from '../../../src/core/registry'
import { createSocketRegistry } from '../../../src/taro'
import { startServer, type TestServer } from '../../../src/testing/server'
import { settle, until } from '../../support/wait'

let server: TestServer
let registry: SocketRegistry

beforeEach(async () => {
  server = await startServer()
  // No `connect`: the registry uses Taro.connectSocket, here Taro's H5 implementation.
  registry = createSocketRegistry({ platform: 'h5', releaseDelay: 30 })
})
afterEach(async () => {
  registry.closeAll()
  await until(() => registry.stats().active === 0, 'registry empty')
  await server.close()
})

function Status({ id, url }: { id: string; url: string }) {
  const { status, error } = useSocket(url)
  return <p data-testid={id}>{status + (error ? ` ${error.code}` : '')}</p>
}
const text = (id: string) => screen.getByTestId(id).textContent

describe('on Taro H5', () => {
  it('shares one socket across components that ask for the same URL', async () => {
    render(
      <SocketProvider registry={registry}>
        <Status id="a" url={`${server.url}/chat`} />
        <Status id="b" url={`${server.url}/chat`} />
      </SocketProvider>,
    )
    await until(() => text('a') === 'open' && text('b') === 'open', 'both open')
    expect(server.sockets).toHaveLength(1)
  })

  it('opens exactly one socket under StrictMode', async () => {
    render(
      <StrictMode>
        <SocketProvider registry={registry}>
          <Status id="a" url={server.url} />
        </SocketProvider>
      </StrictMode>,
    )
    await until(() => text('a') === 'open', 'open')
    await act(() => settle(100))
    expect(server.sockets).toHaveLength(1)
  })

  it('keeps within the 5 sockets Taro H5 allows, queues the rest and connects them as slots free', async () => {
    function Rooms() {
      const [count, setCount] = useState(7)
      return (
        <>
          <button onClick={() => setCount(3)}>leave</button>
          {Array.from({ length: count }, (_, i) => (
            <Status key={i} id={`r${i}`} url={`${server.url}/room-${i}`} />
          ))}
          <Status id="late" url={`${server.url}/late`} />
        </>
      )
    }
    render(
      <SocketProvider registry={registry}>
        <Rooms />
      </SocketProvider>,
    )
    await until(() => server.openCount === 5, 'five open')
    await act(() => settle(50))
    expect(['r5', 'r6', 'late'].map(text)).toEqual(['queued', 'queued', 'queued'])
    act(() => screen.getByText('leave').click())
    await until(() => text('late') === 'open', 'late open')
    expect(server.peakOpen).toBe(5)
    expect(screen.queryByTestId('r5')).toBeNull()
  })

  it('reports the runtime refusing a 6th socket when the limit is set too high', async () => {
    const greedy = createSocketRegistry({ platform: 'h5', maxConnections: 6, reconnect: false })
    const connections = Array.from({ length: 6 }, (_, i) => greedy.acquire({ url: `${server.url}/${i}` }).connection)
    await until(() => connections.every((c) => c.status === 'open' || c.status === 'closed'), 'settled')
    const failed = connections.filter((c) => c.status === 'closed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.error?.code).toBe('CONNECT_FAILED')
    expect(failed[0]!.error?.errMsg).toMatch(/5/)
    greedy.closeAll()
    await until(() => greedy.stats().active === 0 && server.openCount === 0, 'greedy closed')
  })

  it('delivers messages sent before open, in order', async () => {
    const connection = registry.acquire({ url: server.url }).connection
    const sends = ['a', 'b', 'c', 'd'].map((m) => connection.send(m))
    await act(() => Promise.all(sends))
    await until(() => server.sockets[0]?.received.length === 4, 'four at the server')
    expect(server.sockets[0]!.received).toEqual(['a', 'b', 'c', 'd'])
  })

  it('ends closed when closed before open, leaving nothing open at the server', async () => {
    const connection = registry.acquire({ url: server.url }).connection
    expect(connection.status).toBe('connecting')
    connection.close()
    await until(() => connection.status === 'closed', 'closed')
    await act(() => settle(100))
    expect(server.openCount).toBe(0)
    expect(connection.error).toBeNull()
  })

  it('leaves no socket open at the server after every component unmounts', async () => {
    const view = render(
      <SocketProvider registry={registry}>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Status key={i} id={`u${i}`} url={`${server.url}/u${i}`} />
        ))}
      </SocketProvider>,
    )
    await until(() => server.openCount === 5, 'five open')
    view.unmount()
    await until(() => server.openCount === 0 && registry.stats().active === 0, 'all closed')
    expect(registry.stats()).toMatchObject({ active: 0, queued: 0, connections: 0 })
  })

  it('receives what the server sends', async () => {
    const got: unknown[] = []
    function Listener() {
      useSocket(server.url, { onMessage: (m) => got.push(m) })
      return null
    }
    render(
      <SocketProvider registry={registry}>
        <Listener />
      </SocketProvider>,
    )
    await until(() => server.openCount === 1 && registry.stats().active === 1, 'open')
    await until(() => registry.peek({ url: server.url })?.status === 'open', 'open at the client')
    server.broadcast('hello h5')
    await until(() => got.length === 1, 'message')
    expect(got).toEqual(['hello h5'])
  })
})
