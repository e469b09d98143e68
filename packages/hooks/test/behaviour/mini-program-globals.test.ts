import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MISSING_IN_MINI_PROGRAMS } from '../support/mini-program-environment'
import { createTestClock } from '../../src/testing/clock'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
import { waitFor } from '../support/wait'

const dist = join(__dirname, '..', '..', 'dist')

describe('where mini-programs run', () => {
  it.each(MISSING_IN_MINI_PROGRAMS)('the tests run without the %s global', (name) => {
    expect((globalThis as Record<string, unknown>)[name]).toBeUndefined()
  })

  it('the built bundle calls none of the web APIs mini-programs lack', () => {
    // Every file an app can load: the entries and the chunks they share (not the Node-only test kit).
    const files = readdirSync(dist).filter((f) => /\.c?js$/.test(f) && !f.startsWith('testing'))
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.cjs', 'topics.js', 'topics.cjs', 'websocket.js']))
    expect(files.some((f) => f.startsWith('chunk-'))).toBe(true)
    for (const file of files) {
      const code = readFileSync(join(dist, file), 'utf8')
      expect(code).not.toMatch(/new (URL|URLSearchParams|WebSocket|TextEncoder|TextDecoder|AbortController|Blob)\(|structuredClone\(|\bURLSearchParams\b/)
    }
  })

  it('the built CommonJS topics entry shares one SocketError and one registry with the main entry', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(join(dist, 'index.cjs')) as typeof import('../../src')
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const topics = require(join(dist, 'topics.cjs')) as typeof import('../../src/topics')
    const server = await startServer({ echo: false })
    const platform = emulatePlatform('weapp')
    try {
      const clock = createTestClock()
      const registry = lib.createSocketRegistry({ ...platform.registryOptions, clock })
      const failure = topics.topicClient(registry, { url: server.url }).request('anything', null, { timeout: 30 })
      await waitFor(() => registry.peek({ url: server.url })?.status === 'open', 'open')
      await clock.advance(30)
      await expect(failure).rejects.toBeInstanceOf(lib.SocketError)
      await expect(failure).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' })
      expect(server.sockets).toHaveLength(1)
      registry.dispose()
      await waitFor(() => server.openCount === 0, 'closed')
    } finally {
      platform.destroy()
      await server.close()
    }
  })

  it('the built CommonJS bundle connects, sends and receives without them', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(join(dist, 'index.cjs')) as typeof import('../../src')
    const server = await startServer()
    const platform = emulatePlatform('weapp')
    try {
      const registry = lib.createSocketRegistry(platform.registryOptions)
      const lease = registry.acquire({ url: `${server.url}/built`, data: { q: 'a b' } })
      const got: unknown[] = []
      lease.connection.subscribe({ onMessage: (m) => got.push(m) })
      await lease.connection.send('ping')
      await waitFor(() => got.length === 1, 'echo')
      expect(got).toEqual(['echo:ping'])
      expect(server.sockets[0]!.url).toBe('/built?q=a%20b')
      expect(() => lease.connection.close(1001)).toThrow(lib.SocketError)
      registry.closeAll()
      await waitFor(() => server.openCount === 0, 'closed')
    } finally {
      platform.destroy()
      await server.close()
    }
  })
})
