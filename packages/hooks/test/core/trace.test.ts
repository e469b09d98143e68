import { heartbeat } from '../../src/core/heartbeat'
import { trace, type TraceEvent } from '../../src/core/trace'
import { createSocketRegistry } from '../../src/taro'
import { useLoopback } from '../support/fixture'
import { waitFor } from '../support/wait'

const loopback = useLoopback()

describe('the debug trace', () => {
  it('reports waits, connects, opens, sends, receives, heartbeats, closes and retries, without query strings', async () => {
    const events: TraceEvent[] = []
    const registry = loopback.registryOn('weapp', {
      maxConnections: 1,
      reconnect: { minDelay: 10, maxDelay: 20 },
      heartbeat: heartbeat({ interval: 30, timeout: 1000, message: 'ping' }),
      trace: trace((e) => events.push(e)),
    })
    const first = registry.acquire({ url: `${loopback.server.url}/a?token=s3cret` })
    const second = registry.acquire({ url: `${loopback.server.url}/b` })
    await waitFor(() => first.connection.status === 'open', 'open')
    const long = 'x'.repeat(500)
    await first.connection.send(long)
    await waitFor(() => events.some((e) => e.type === 'receive') && events.some((e) => e.type === 'heartbeat'), 'echo and a ping')
    loopback.server.sockets[0]!.socket.close(1012, 'restart')
    await waitFor(() => events.some((e) => e.type === 'retry') && loopback.server.openCount === 1 && loopback.server.sockets.length === 2, 'reconnected')
    first.connection.close(4000, 'bye')
    await waitFor(() => second.connection.status === 'open', 'the waiting one gets the slot')

    const types = new Set(events.map((e) => e.type))
    for (const type of ['wait', 'connect', 'open', 'send', 'receive', 'heartbeat', 'close', 'retry'] as const) expect(types).toContain(type)
    expect(events.find((e) => e.type === 'wait')!.url).toBe(`${loopback.server.url}/b`)
    expect(events.find((e) => e.type === 'close')).toMatchObject({ code: 1012, reason: 'restart', requested: false })
    expect(events.find((e) => e.type === 'send' && e.bytes === 500)).toMatchObject({ data: `${'x'.repeat(64)}…` })
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ attempt: 1, delay: expect.any(Number) })
    expect(JSON.stringify(events)).not.toContain('s3cret')
  })

  it('is silent unless asked; trace() writes each event to the console', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      const quiet = loopback.registryOn('weapp')
      const a = quiet.acquire({ url: loopback.server.url })
      await waitFor(() => a.connection.status === 'open', 'open')
      expect(log).not.toHaveBeenCalled()

      const loud = createSocketRegistry({ ...loopback.platform.registryOptions, trace: trace() })
      const b = loud.acquire({ url: `${loopback.server.url}/loud` })
      await waitFor(() => b.connection.status === 'open', 'open')
      expect(log).toHaveBeenCalledWith('[taro-socket-hooks] open', expect.objectContaining({ type: 'open', url: `${loopback.server.url}/loud` }))
      loud.dispose()
      quiet.dispose()
    } finally {
      log.mockRestore()
    }
  })
})
