import { act, render, screen } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { SocketProvider } from '../../src'
import { isSocketError, type SocketError } from '../../src/core/errors'
import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { jsonProtocol, topicClient, useRequest, useTopic, type RequestFunction, type UseTopicOptions } from '../../src/topics'
import { startTopicServer, type TopicServer } from '../support/topic-server'
import { settle, until } from '../support/wait'

let server: TopicServer
let platform: PlatformEmulator
let registry: SocketRegistry
/** The app's topic client, made first with a short grace delay: the hooks on its socket share it. */
let releaseClient: () => void

beforeEach(async () => {
  server = await startTopicServer()
  platform = emulatePlatform('weapp')
  registry = createSocketRegistry({ ...platform.registryOptions, releaseDelay: 20 })
  releaseClient = topicClient(registry, { url: server.url }, undefined, { releaseDelay: 30 }).retain()
})
afterEach(async () => {
  releaseClient()
  act(() => registry.dispose())
  platform.destroy()
  await server.close()
})

const withRegistry = (children: ReactNode) => <SocketProvider registry={registry}>{children}</SocketProvider>
const text = (id: string) => screen.getByTestId(id).textContent

interface Message {
  text: string
}
const chat = jsonProtocol<{ [room: string]: { event: Message; publish: Message } }>()

/** Every render's status, error and data, and what the callbacks heard. */
function recorder() {
  return { renders: [] as string[], messages: [] as unknown[], errors: [] as SocketError[] }
}

function Room({
  url = server.url,
  topic,
  log,
  options = {},
}: {
  url?: string | null
  topic: string
  log: ReturnType<typeof recorder>
  options?: UseTopicOptions<typeof chat, Message, unknown>
}) {
  const { status, error, data, publish } = useTopic(url, topic, {
    protocol: chat,
    onMessage: (m) => log.messages.push(m),
    onError: (e) => log.errors.push(e),
    ...options,
  })
  const shown = `${topic} ${status}${error ? ` ${error.code}` : ''} ${data === undefined ? '-' : JSON.stringify(data)}`
  log.renders.push(shown)
  return (
    <button data-testid="room" onClick={() => void publish({ text: 'hello' })}>
      {shown}
    </button>
  )
}

/** The distinct statuses a component went through, in order. */
const statuses = (log: ReturnType<typeof recorder>) => log.renders.map((r) => r.split(' ')[1]!).filter((status, i, all) => i === 0 || status !== all[i - 1])

describe('useTopic', () => {
  it('shows subscribing from the first render, then subscribed once the server confirms', async () => {
    const log = recorder()
    render(withRegistry(<Room topic="lobby" log={log} />))
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    expect(statuses(log)).toEqual(['subscribing', 'subscribed'])
    expect(server.count('subscribe', 'lobby')).toBe(1)
  })

  it('sends one subscribe under StrictMode, and no unsubscribe', async () => {
    const log = recorder()
    // The socket is open already: StrictMode's extra unmount and mount would show as messages.
    await until(() => registry.peek({ url: server.url })?.status === 'open', 'open')
    render(<StrictMode>{withRegistry(<Room topic="lobby" log={log} />)}</StrictMode>)
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    await act(() => settle(60))
    expect([server.count('subscribe', 'lobby'), server.count('unsubscribe', 'lobby')]).toEqual([1, 0])
  })

  it('shows the events of its topic and publishes to it', async () => {
    const log = recorder()
    render(withRegistry(<Room topic="lobby" log={log} />))
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    server.emit('lobby', { text: 'first' })
    server.emit('elsewhere', { text: 'not for this room' })
    await until(() => text('room') === 'lobby subscribed {"text":"first"}', 'first event shown')
    act(() => screen.getByTestId('room').click())
    await until(() => text('room') === 'lobby subscribed {"text":"hello"}', 'own publish back from the server')
    expect(server.log.filter((l) => l.message.type === 'publish').map((l) => l.message)).toEqual([{ type: 'publish', topic: 'lobby', data: { text: 'hello' } }])
    expect(log.messages).toEqual([{ text: 'first' }, { text: 'hello' }])
  })

  it('skips an event its parse throws on, with PARSE_FAILED, and keeps the next ones', async () => {
    const log = recorder()
    const parse = (data: unknown): Message => {
      if (typeof (data as Message).text !== 'string') throw new TypeError('not a message')
      return data as Message
    }
    render(withRegistry(<Room topic="lobby" log={log} options={{ parse }} />))
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    server.emit('lobby', { text: 'one' })
    server.emit('lobby', { nonsense: true })
    server.emit('lobby', { text: 'two' })
    await until(() => log.messages.length === 2 && text('room') === 'lobby subscribed PARSE_FAILED {"text":"two"}', 'bad event skipped')
    await act(() => settle(20))
    expect(log.messages).toEqual([{ text: 'one' }, { text: 'two' }])
    expect(log.errors.map((e) => [isSocketError(e), e.code])).toEqual([[true, 'PARSE_FAILED']])
    expect(log.errors[0]!.cause).toBeInstanceOf(TypeError)
  })

  it('leaves the topic when enabled turns false, and comes back when it turns true', async () => {
    const log = recorder()
    const view = render(withRegistry(<Room topic="lobby" log={log} />))
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    view.rerender(withRegistry(<Room topic="lobby" log={log} options={{ enabled: false }} />))
    await until(() => text('room') === 'lobby unsubscribed -', 'left')
    await until(() => server.count('unsubscribe', 'lobby') === 1, 'unsubscribe after the grace delay')
    server.emit('lobby', { text: 'while away' })
    await act(() => settle(30))
    expect(log.messages).toEqual([])
    view.rerender(withRegistry(<Room topic="lobby" log={log} />))
    await until(() => text('room') === 'lobby subscribed -', 'back')
    expect(server.count('subscribe', 'lobby')).toBe(2)
  })

  it('moves its subscription when the topic changes, showing nothing of the old topic', async () => {
    const log = recorder()
    const view = render(withRegistry(<Room topic="a" log={log} />))
    await until(() => text('room') === 'a subscribed -', 'subscribed to a')
    server.emit('a', { text: 'on a' })
    await until(() => text('room') === 'a subscribed {"text":"on a"}', 'event on a')
    const before = log.renders.length
    view.rerender(withRegistry(<Room topic="b" log={log} />))
    await until(() => text('room') === 'b subscribed -', 'subscribed to b')
    await until(() => server.count('unsubscribe', 'a') === 1, 'a left after the grace delay')
    expect(log.renders.slice(before).filter((r) => r.startsWith('b') && r.includes('on a'))).toEqual([])
    server.emit('a', { text: 'old room' })
    server.emit('b', { text: 'on b' })
    await until(() => text('room') === 'b subscribed {"text":"on b"}', 'event on b')
    expect(log.messages).toEqual([{ text: 'on a' }, { text: 'on b' }])
  })

  it('shows an invalid URL as an error instead of throwing, and opens nothing', async () => {
    const log = recorder()
    render(withRegistry(<Room url="ws://exa mple.com/room" topic="lobby" log={log} />))
    await until(() => (text('room') ?? '').includes('INVALID_URL'), 'error shown')
    expect(log.errors.map((e) => [isSocketError(e), e.code])).toEqual([[true, 'INVALID_URL']])
    expect(text('room')).toBe('lobby unsubscribed INVALID_URL -')
    expect(platform.calls.filter((c) => c.url.includes('exa'))).toHaveLength(0)
  })

  it('keeps its subscription and its data while it passes new inline data and header on every render', async () => {
    const log = recorder()
    const inline = () => ({ data: { room: 'lobby' }, header: () => ({ 'X-Token': 'same' }) })
    const view = render(withRegistry(<Room topic="lobby" log={log} options={inline()} />))
    await until(() => text('room') === 'lobby subscribed -', 'subscribed')
    server.emit('lobby', { text: 'kept' })
    await until(() => text('room') === 'lobby subscribed {"text":"kept"}', 'event shown')
    const renders = log.renders.length
    for (let i = 0; i < 5; i++) view.rerender(withRegistry(<Room topic="lobby" log={log} options={inline()} />))
    await act(() => settle(50))
    expect(text('room')).toBe('lobby subscribed {"text":"kept"}')
    expect(log.renders.length - renders).toBe(5) // one per rerender, no loop
    expect(server.count('subscribe', 'lobby')).toBe(1)
    expect(server.count('unsubscribe')).toBe(0)
  })

  it('stays unsubscribed without a URL', async () => {
    const log = recorder()
    render(withRegistry(<Room url={null} topic="lobby" log={log} />))
    await act(() => settle(30))
    expect(text('room')).toBe('lobby unsubscribed -')
    expect(server.count('subscribe')).toBe(0)
  })
})

describe('useRequest', () => {
  function Caller({
    url = server.url,
    enabled,
    take,
  }: {
    url?: string | null
    enabled?: boolean
    take: (request: RequestFunction<Record<string, { params: unknown; result: unknown }>>) => void
  }) {
    take(useRequest(url, { enabled }))
    return null
  }

  it('gives a stable request function whose replies match their requests', async () => {
    const seen: unknown[] = []
    const view = render(withRegistry(<Caller take={(r) => seen.push(r)} />))
    view.rerender(withRegistry(<Caller take={(r) => seen.push(r)} />))
    expect(new Set(seen).size).toBe(1)
    const request = seen[0] as RequestFunction<Record<string, { params: unknown; result: unknown }>>
    const replies = await act(() => Promise.all([request('sum', [1, 2, 3]), request('echo', 'x'), request('later', { value: 'late', ms: 20 })]))
    expect(replies).toEqual([6, 'x', 'late'])
  })

  it('rejects with typed errors: REQUEST_FAILED, REQUEST_TIMEOUT', async () => {
    let request!: RequestFunction<Record<string, { params: unknown; result: unknown }>>
    render(withRegistry(<Caller take={(r) => (request = r)} />))
    const failed = await act(() => request('fail', null).catch((e: unknown) => e))
    const timedOut = await act(() => request('never', null, { timeout: 40 }).catch((e: unknown) => e))
    expect([isSocketError(failed), (failed as SocketError).code]).toEqual([true, 'REQUEST_FAILED'])
    expect([isSocketError(timedOut), (timedOut as SocketError).code]).toEqual([true, 'REQUEST_TIMEOUT'])
  })

  it('keeps the socket while mounted and lets it go after unmount', async () => {
    releaseClient()
    releaseClient = () => undefined
    const view = render(withRegistry(<Caller take={() => undefined} />))
    await until(() => registry.peek({ url: server.url })?.status === 'open', 'open while mounted')
    await act(() => settle(60))
    expect(server.server.openCount).toBe(1)
    view.unmount()
    await until(() => server.server.openCount === 0 && registry.stats().connections === 0, 'released')
  })

  it('rejects requests on an invalid URL instead of throwing while rendering', async () => {
    let request!: RequestFunction<Record<string, { params: unknown; result: unknown }>>
    render(withRegistry(<Caller url="chat/room" take={(r) => (request = r)} />))
    const error = await request('echo', 1).catch((e: unknown) => e)
    expect([isSocketError(error), (error as SocketError).code]).toEqual([true, 'INVALID_URL'])
  })

  it('gives each of two components that mount together its own reply, with one subscribe per topic on the socket', async () => {
    // No client exists before these components render: each render makes or finds the shared one.
    releaseClient()
    releaseClient = () => undefined
    const requests: RequestFunction<Record<string, { params: unknown; result: unknown }>>[] = []
    function Topic() {
      useTopic(server.url, 'news')
      return null
    }
    render(
      withRegistry(
        <>
          <Caller take={(r) => (requests[0] = r)} />
          <Caller take={(r) => (requests[1] = r)} />
          <Topic />
          <Topic />
        </>,
      ),
    )
    const replies = await act(() => Promise.all([requests[0]!('echo', 'for the first'), requests[1]!('echo', 'for the second')]))
    expect(replies).toEqual(['for the first', 'for the second'])
    await until(() => server.subscribers('news') === 1, 'subscribed')
    await act(() => settle(30))
    expect(server.count('subscribe', 'news')).toBe(1)
    expect(server.server.sockets).toHaveLength(1)
  })

  it('opens nothing while disabled or without a URL, and rejects requests with NOT_OPEN', async () => {
    const connects = platform.calls.length // the app's client asked for one before
    const requests: RequestFunction<Record<string, { params: unknown; result: unknown }>>[] = []
    const view = render(
      withRegistry(
        <>
          <Caller enabled={false} take={(r) => (requests[0] = r)} />
          <Caller url={null} take={(r) => (requests[1] = r)} />
        </>,
      ),
    )
    const first = [...requests]
    view.rerender(
      withRegistry(
        <>
          <Caller enabled={false} take={(r) => (requests[0] = r)} />
          <Caller url={null} take={(r) => (requests[1] = r)} />
        </>,
      ),
    )
    expect(requests).toEqual(first) // stable, so effects that depend on it do not run on every render
    const errors = await act(() => Promise.all(requests.map((r) => r('echo', 1).catch((e: SocketError) => e.code))))
    expect(errors).toEqual(['NOT_OPEN', 'NOT_OPEN'])
    await act(() => settle(30))
    expect(platform.calls).toHaveLength(connects)
    // Enabled again (a page shown again): requests go through.
    view.rerender(withRegistry(<Caller take={(r) => (requests[0] = r)} />))
    await expect(act(() => requests[0]!('echo', 'back'))).resolves.toBe('back')
  })
})
