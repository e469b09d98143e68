import { act, render, screen } from '@testing-library/react'
import { StrictMode, useState, type ReactNode } from 'react'
import { useSocket, type SocketError } from '../../src'
import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { createTestClock } from '../../src/testing/clock'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import type { TestServer } from '../../src/testing/server'
import { useTaroPlatform } from '../support/taro-emulated'
import { settle, until, waitFor } from '../support/wait'
import { Status, text, useReactLoopback, withRegistry as withRegistryOf } from '../support/react-fixture'

const loopback = useReactLoopback()
let server: TestServer
let platform: PlatformEmulator
let registry: SocketRegistry
beforeEach(() => ({ server, platform, registry } = loopback))

const withRegistry = (children: ReactNode, r: SocketRegistry = registry) => withRegistryOf(children, r)

describe('useSocket', () => {
  it('gives binary from the server to lastMessage as an ArrayBuffer, and sends a typed array as its bytes', async () => {
    let send: ((data: Uint8Array) => Promise<void>) | undefined
    function Bytes() {
      const socket = useSocket(server.url)
      send = socket.send
      const last = socket.lastMessage
      const shown = last instanceof ArrayBuffer || Object.prototype.toString.call(last) === '[object ArrayBuffer]'
      return <p data-testid="bytes">{shown ? `ArrayBuffer ${[...new Uint8Array(last as ArrayBuffer)].join(',')}` : String(last ?? '-')}</p>
    }
    render(withRegistry(<Bytes />))
    await until(() => server.openCount === 1, 'open')
    server.sockets[0]!.socket.send(Buffer.from([0, 127, 128, 255]))
    await until(() => text('bytes') === 'ArrayBuffer 0,127,128,255', 'the bytes shown')
    await act(() => send!(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)))
    await until(() => server.sockets[0]!.binary.length === 1, 'at the server')
    expect([...server.sockets[0]!.binary[0]!]).toEqual([1, 2, 3])
  })

  it('shares one socket across components that ask for the same URL', async () => {
    render(
      withRegistry(
        <>
          <Status id="a" url={`${server.url}/chat`} />
          <Status id="b" url={`${server.url}/chat`} />
          <Status id="c" url={`${server.url.toUpperCase().replace('WS://', 'ws://')}/chat`} />
        </>,
      ),
    )
    await until(() => text('a') === 'open' && text('b') === 'open' && text('c') === 'open', 'all open')
    expect(server.sockets).toHaveLength(1)
    expect(platform.calls).toHaveLength(1)
  })

  it('keeps one socket while a component passes a new inline token function on every render', async () => {
    let token = 'first'
    function Live() {
      const [, rerender] = useState(0)
      const { status } = useSocket(server.url, { data: () => ({ token }) })
      return (
        <button data-testid="live" onClick={() => rerender((n) => n + 1)}>
          {status}
        </button>
      )
    }
    render(withRegistry(<Live />))
    await until(() => text('live') === 'open', 'open')
    token = 'second'
    for (let i = 0; i < 5; i++) act(() => screen.getByTestId('live').click())
    await act(() => settle(50))
    expect(server.sockets.map((s) => s.url)).toEqual(['/?token=first'])
    // The next connect asks the function again.
    act(() => server.sockets[0]!.socket.close(1012, 'restart'))
    await until(() => server.sockets.length === 2 && text('live') === 'open', 'reconnected')
    expect(server.sockets[1]!.url).toBe('/?token=second')
  })

  it('opens exactly one socket under StrictMode', async () => {
    render(<StrictMode>{withRegistry(<Status id="a" url={server.url} />)}</StrictMode>)
    await until(() => text('a') === 'open', 'open')
    await act(() => settle(100))
    expect(platform.calls).toHaveLength(1)
    expect(server.sockets).toHaveLength(1)
    expect(server.openCount).toBe(1)
  })

  it('leaves no socket open at the server after every component unmounts', async () => {
    const urls = Array.from({ length: 7 }, (_, i) => `${server.url}/room-${i}`)
    const view = render(withRegistry(urls.map((url, i) => <Status key={url} id={`s${i}`} url={url} />)))
    await until(() => server.openCount === 5, 'five open')
    expect(text('s6')).toBe('queued')
    view.unmount()
    await until(() => server.openCount === 0 && registry.stats().active === 0, 'all closed')
    await act(() => settle(100))
    expect(server.openCount).toBe(0)
    expect(server.peakOpen).toBe(5)
    expect(registry.stats()).toMatchObject({ active: 0, queued: 0, connections: 0 })
  })

  it('shows queued while the platform limit is reached, then connects when a slot frees', async () => {
    function Toggle() {
      const [many, setMany] = useState(true)
      return (
        <>
          <button onClick={() => setMany(false)}>fewer</button>
          {(many ? [0, 1, 2, 3, 4] : [1, 2, 3, 4]).map((i) => (
            <Status key={i} id={`s${i}`} url={`${server.url}/room-${i}`} />
          ))}
          <Status id="late" url={`${server.url}/late`} />
        </>
      )
    }
    render(withRegistry(<Toggle />))
    await until(() => server.openCount === 5, 'five open')
    expect(text('late')).toBe('queued')
    act(() => screen.getByText('fewer').click())
    await until(() => text('late') === 'open', 'late open')
    expect(server.peakOpen).toBe(5)
  })

  it('is idle and opens nothing for a null URL or enabled: false', async () => {
    function Gate() {
      const [enabled, setEnabled] = useState(false)
      return (
        <>
          <button onClick={() => setEnabled(true)}>enable</button>
          <Status id="null" url={null} />
          <Status id="gated" url={server.url} options={{ enabled }} />
        </>
      )
    }
    render(withRegistry(<Gate />))
    await act(() => settle(50))
    expect(text('null')).toBe('idle')
    expect(text('gated')).toBe('idle')
    expect(platform.calls).toHaveLength(0)
    act(() => screen.getByText('enable').click())
    await until(() => text('gated') === 'open', 'open once enabled')
  })

  it('shows an invalid URL as closed with its error, tells onError, and calls no platform API', async () => {
    const errors: SocketError[] = []
    render(
      withRegistry(
        <>
          <Status id="https" url="https://example.com/socket" options={{ onError: (e) => errors.push(e) }} />
          <Status id="empty" url="" />
        </>,
      ),
    )
    await act(() => settle(50))
    expect(text('https')).toBe('closed INVALID_SCHEME')
    expect(text('empty')).toBe('closed INVALID_URL')
    expect(errors.map((e) => e.code)).toEqual(['INVALID_SCHEME'])
    expect(platform.calls).toHaveLength(0)
  })

  it('delivers messages sent before open, in order', async () => {
    let send!: (data: string) => Promise<void>
    function Sender() {
      const socket = useSocket(server.url)
      send = socket.send
      return null
    }
    render(withRegistry(<Sender />))
    const sent = await act(async () => {
      const all = ['one', 'two', 'three'].map((m) => send(m))
      return Promise.all(all)
    })
    expect(sent).toHaveLength(3)
    await waitFor(() => server.sockets[0]?.received.length === 3, 'three at the server')
    expect(server.sockets[0]!.received).toEqual(['one', 'two', 'three'])
  })

  it('hands every message to onMessage even when React batches renders, and parses with parse', async () => {
    const seen: number[] = []
    let renders = 0
    function Feed() {
      const { lastMessage } = useSocket<{ n: number }>(server.url, {
        parse: (raw) => JSON.parse(raw as string) as { n: number },
        onMessage: (m) => seen.push(m.n),
      })
      renders++
      return <p data-testid="last">{lastMessage ? lastMessage.n : '-'}</p>
    }
    render(withRegistry(<Feed />))
    await until(() => server.sockets.length === 1 && server.openCount === 1, 'open')
    for (let n = 0; n < 1000; n++) server.broadcast(JSON.stringify({ n }))
    await until(() => seen.length === 1000 && text('last') === '999', '1000 messages')
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, n) => n))
    expect(text('last')).toBe('999')
    expect(renders).toBeLessThan(1000)
  })

  it('does not re-render a component that reads only status when messages arrive', async () => {
    let statusRenders = 0
    let messageRenders = 0
    function Badge() {
      const { status } = useSocket(server.url)
      statusRenders++
      return <p data-testid="badge">{status}</p>
    }
    function Last() {
      const { lastMessage } = useSocket<string>(server.url)
      messageRenders++
      return <p data-testid="last">{lastMessage ?? '-'}</p>
    }
    render(
      withRegistry(
        <>
          <Badge />
          <Last />
        </>,
      ),
    )
    await until(() => text('badge') === 'open' && server.openCount === 1, 'open')
    const badgeBefore = statusRenders
    const lastBefore = messageRenders
    for (let n = 0; n < 20; n++) {
      server.broadcast(`m${n}`)
      await until(() => text('last') === `m${n}`, `m${n} shown`)
    }
    expect(statusRenders).toBe(badgeBefore)
    expect(messageRenders - lastBefore).toBe(20)
  })

  it('keeps the socket when callbacks change between renders', async () => {
    const got: string[] = []
    function Chat() {
      const [tag, setTag] = useState('a')
      const { status } = useSocket<string>(server.url, { onMessage: (m) => got.push(`${tag}:${m}`) })
      return (
        <>
          <p data-testid="s">{status}</p>
          <button onClick={() => setTag('b')}>retag</button>
        </>
      )
    }
    render(withRegistry(<Chat />))
    await until(() => text('s') === 'open' && server.openCount === 1, 'open')
    server.broadcast('1')
    await until(() => got.length === 1, 'first')
    act(() => screen.getByText('retag').click())
    server.broadcast('2')
    await until(() => got.length === 2, 'second')
    expect(got).toEqual(['a:1', 'b:2'])
    expect(server.sockets).toHaveLength(1)
  })

  it('moves to a new socket when the URL changes and closes the old one', async () => {
    function Room() {
      const [room, setRoom] = useState('a')
      const { status, lastMessage } = useSocket<string>(`${server.url}/${room}`)
      return (
        <>
          <p data-testid="s">{`${room} ${status} ${lastMessage ?? '-'}`}</p>
          <button onClick={() => setRoom('b')}>switch</button>
        </>
      )
    }
    render(withRegistry(<Room />))
    await until(() => text('s') === 'a open -' && server.openCount === 1, 'room a')
    server.broadcast('hello a')
    await until(() => text('s') === 'a open hello a', 'message in a')
    act(() => screen.getByText('switch').click())
    await until(() => text('s') === 'b open -', 'room b, last message reset')
    await until(() => server.sockets[0]!.closed !== null, 'room a closed')
    expect(server.sockets.map((s) => s.url)).toEqual(['/a', '/b'])
    expect(server.openCount).toBe(1)
  })

  it('closes the shared socket for all its users, validates close arguments, and opens again', async () => {
    let api!: ReturnType<typeof useSocket>
    function Controls() {
      api = useSocket(server.url)
      return <Status id="mine" url={server.url} />
    }
    render(
      withRegistry(
        <>
          <Controls />
          <Status id="other" url={server.url} />
        </>,
      ),
    )
    await until(() => text('other') === 'open', 'open')
    expect(() => api.close(1006)).toThrow(expect.objectContaining({ code: 'INVALID_CLOSE_CODE' }))
    expect(() => api.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ code: 'CLOSE_REASON_TOO_LONG' }))
    expect(text('other')).toBe('open')
    act(() => api.close(4000, 'bye'))
    await until(() => text('other') === 'closed' && text('mine') === 'closed', 'both closed')
    await waitFor(() => server.sockets[0]!.closed !== null, 'server sees the close')
    expect(server.sockets[0]!.closed).toEqual({ code: 4000, reason: 'bye' })
    await expect(api.send('while closed')).rejects.toMatchObject({ code: 'NOT_OPEN' })
    act(() => api.open())
    await until(() => text('other') === 'open', 'open again')
    expect(server.sockets).toHaveLength(2)
  })

  it('sends JSON with sendJson and rejects what JSON cannot carry', async () => {
    let api!: ReturnType<typeof useSocket>
    function Sender() {
      api = useSocket(server.url)
      return null
    }
    render(withRegistry(<Sender />))
    await act(() => api.sendJson({ type: 'join', room: 1 }))
    await expect(api.sendJson(undefined)).rejects.toMatchObject({ code: 'INVALID_MESSAGE' })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(api.sendJson(circular)).rejects.toMatchObject({ code: 'INVALID_MESSAGE' })
    await waitFor(() => server.sockets[0]?.received.length === 1, 'one message')
    expect(server.sockets[0]!.received).toEqual(['{"type":"join","room":1}'])
  })

  it('uses Taro.connectSocket and the TARO_ENV limit when there is no provider', async () => {
    const emulator = emulatePlatform('rn' as EmulatedPlatform)
    useTaroPlatform(emulator)
    const before = process.env.TARO_ENV
    process.env.TARO_ENV = 'rn'
    try {
      const view = render(
        <>
          {[0, 1, 2].map((i) => (
            <Status key={i} id={`d${i}`} url={`${server.url}/d${i}`} />
          ))}
        </>,
      )
      await until(() => text('d0') === 'open' && text('d1') === 'open', 'two open')
      expect(text('d2')).toBe('queued')
      expect(emulator.calls).toHaveLength(2)
      view.unmount()
      await until(() => server.openCount === 0, 'closed after unmount')
    } finally {
      process.env.TARO_ENV = before
      useTaroPlatform(null)
      emulator.destroy()
    }
  })

  it('makes no reconnect loop under StrictMode while the URL changes', async () => {
    const looping = createSocketRegistry({
      ...platform.registryOptions,
      releaseDelay: 30,
      reconnect: { minDelay: 10, maxDelay: 50 },
    })
    function Room() {
      const [room, setRoom] = useState(0)
      const { status } = useSocket(`${server.url}/room-${room}`)
      return (
        <>
          <p data-testid="s">{`${room} ${status}`}</p>
          <button onClick={() => setRoom((r) => r + 1)}>next</button>
        </>
      )
    }
    render(<StrictMode>{withRegistry(<Room />, looping)}</StrictMode>)
    for (let room = 0; room < 4; room++) {
      await until(() => text('s') === `${room} open`, `room ${room} open`)
      if (room < 3) act(() => screen.getByText('next').click())
    }
    await act(() => settle(300))
    expect(platform.calls.map((c) => c.url.slice(server.url.length))).toEqual(['/room-0', '/room-1', '/room-2', '/room-3'])
    expect(server.openCount).toBe(1)
  })

  it('re-renders a lastMessage reader at most once per throttle window, while onMessage sees every message', async () => {
    const clock = createTestClock()
    const own = createSocketRegistry({ ...platform.registryOptions, clock })
    const seen: string[] = []
    let renders = 0
    function Ticker() {
      const { lastMessage } = useSocket<string>(server.url, { throttle: 200, onMessage: (m) => seen.push(m) })
      renders++
      return <p data-testid="tick">{lastMessage ?? '-'}</p>
    }
    const { unmount } = render(withRegistry(<Ticker />, own))
    await until(() => server.openCount === 1 && own.peek({ url: server.url })?.status === 'open', 'open')
    const before = renders
    const burst = async (from: number, to: number) => {
      for (let n = from; n < to; n++) server.broadcast(`t${n}`)
      await until(() => seen.length === to, `onMessage saw t${to - 1}`)
    }

    // 50 messages inside one window: onMessage sees each, the reader renders once when it ends.
    await burst(0, 50)
    expect(seen).toEqual(Array.from({ length: 50 }, (_, n) => `t${n}`))
    await act(() => clock.advance(199))
    expect([text('tick'), renders - before]).toEqual(['-', 0])
    await act(() => clock.advance(1))
    expect([text('tick'), renders - before]).toEqual(['t49', 1])

    // The next burst opens a new window: again one render, at its end, with the newest message.
    await burst(50, 60)
    await act(() => clock.advance(199))
    expect([text('tick'), renders - before]).toEqual(['t49', 1])
    await act(() => clock.advance(1))
    expect([text('tick'), renders - before]).toEqual(['t59', 2])
    unmount()
    own.dispose()
  })
})
