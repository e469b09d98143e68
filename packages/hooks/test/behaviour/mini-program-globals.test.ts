import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MISSING_IN_MINI_PROGRAMS } from '../support/mini-program-environment'
import { emulatePlatform } from '../../src/testing/platform-emulator'
import { startServer } from '../../src/testing/server'
import { waitFor } from '../support/wait'

const dist = join(__dirname, '..', '..', 'dist')

describe('where mini-programs run', () => {
  it.each(MISSING_IN_MINI_PROGRAMS)('the tests run without the %s global', (name) => {
    expect((globalThis as Record<string, unknown>)[name]).toBeUndefined()
  })

  it('the built bundle calls none of the web APIs mini-programs lack', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(dist, file), 'utf8')
      expect(code).not.toMatch(/new (URL|URLSearchParams|WebSocket|TextEncoder|TextDecoder|AbortController|Blob)\(|structuredClone\(|\bURLSearchParams\b/)
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
