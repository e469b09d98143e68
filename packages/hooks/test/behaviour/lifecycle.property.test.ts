/**
 * Random sequences of what an app does to its sockets: components mount and unmount,
 * change URL, send; the server drops everyone; the app goes to the background (and the
 * platform kills its sockets) and comes back. After every step the invariants hold.
 */
import fc from 'fast-check'
import { createSocketObserver, type SocketObserver } from '../../src/core/observer'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import { settle, waitFor } from '../support/wait'

type Step =
  | { kind: 'mount'; user: number; url: number }
  | { kind: 'unmount'; user: number }
  | { kind: 'changeUrl'; user: number; url: number }
  | { kind: 'send'; user: number }
  | { kind: 'serverDrop' }
  | { kind: 'hide'; kill: boolean | 'silently' }
  | { kind: 'show' }

const USERS = 6
const PATHS = ['/a', '/b', '/c', '/d']
const RELEASE_DELAY = 10

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('mount' as const), user: fc.nat(USERS - 1), url: fc.nat(PATHS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unmount' as const), user: fc.nat(USERS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('changeUrl' as const), user: fc.nat(USERS - 1), url: fc.nat(PATHS.length - 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), user: fc.nat(USERS - 1) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'serverDrop' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hide' as const), kill: fc.constantFrom(false, true, 'silently' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'show' as const }) },
)

interface User {
  observer: SocketObserver<string>
  unsubscribe: (() => void) | null
  path: string
}

const stats = { runs: 0, steps: 0, sends: 0, resolved: 0, rejected: {} as Record<string, number> }

async function run(platformName: EmulatedPlatform, steps: Step[]): Promise<void> {
  stats.runs++
  const server: TestServer = await startServer({ echo: false })
  const platform = emulatePlatform(platformName)
  const registry = createSocketRegistry({
    ...platform.registryOptions,
    releaseDelay: RELEASE_DELAY,
    reconnect: { minDelay: 5, maxDelay: 40, maxAttempts: Infinity },
    maxQueuedMessages: 1000,
  })
  const cap = registry.maxConnections
  const users = new Map<number, User>()
  const resolved: string[] = []
  const pending = new Set<Promise<unknown>>()
  let counter = 0
  const url = (path: string) => server.url + path

  const usedPaths = () => new Set([...users.values()].filter((u) => u.unsubscribe).map((u) => u.path))
  let hidden = false

  try {
    for (const s of steps) {
      stats.steps++
      const user = 'user' in s ? users.get(s.user) : undefined
      switch (s.kind) {
        case 'mount': {
          if (user?.unsubscribe) break
          const observer = user?.observer ?? createSocketObserver<string>(registry, url(PATHS[s.url]!))
          const path = user?.path ?? PATHS[s.url]!
          users.set(s.user, { observer, path, unsubscribe: observer.subscribe(() => undefined) })
          break
        }
        case 'unmount':
          user?.unsubscribe?.()
          if (user) user.unsubscribe = null
          break
        case 'changeUrl':
          if (!user) break
          user.path = PATHS[s.url]!
          user.observer.setOptions(url(user.path))
          break
        case 'send': {
          // Sent by one of the mounted users, three messages in a row.
          const mounted = [...users.values()].filter((u) => u.unsubscribe)
          const sender = mounted[s.user % Math.max(1, mounted.length)]
          if (!sender) break
          for (let k = 0; k < 3; k++) {
            const message = `${sender.path}#${counter++}`
            stats.sends++
            const p = sender.observer.send(message).then(
              () => resolved.push(message),
              (e: { code: string }) => (stats.rejected[e.code] = (stats.rejected[e.code] ?? 0) + 1),
            )
            pending.add(p)
            void p.finally(() => pending.delete(p))
          }
          break
        }
        case 'serverDrop':
          await server.stop()
          await server.start()
          break
        case 'hide':
          hidden = true
          platform.app.hide({ killSockets: s.kill })
          break
        case 'show':
          hidden = false
          platform.app.show()
          break
      }
      await settle(15)

      // Back in the foreground after a restart or a background kill: every URL in use is open
      // again, as many as the platform allows.
      if (!hidden && (s.kind === 'show' || s.kind === 'serverDrop')) {
        await waitFor(() => {
          const used = usedPaths()
          const open = new Set(server.sockets.filter((sock) => sock.closed === null && used.has(sock.url)).map((sock) => sock.url))
          return open.size === Math.min(used.size, cap)
        }, 'every URL in use open again')
      }

      // Never more sockets than the platform allows.
      expect(server.openCount).toBeLessThanOrEqual(cap)
      // No socket without a user once the release delay and a close round trip have passed.
      await waitFor(() => {
        const used = usedPaths()
        return server.sockets.every((sock) => sock.closed !== null || used.has(sock.url))
      }, 'sockets without users to close')
      expect(registry.stats().connections).toBeLessThanOrEqual(usedPaths().size + PATHS.length)
    }

    // Wind down: bring the app back, let every send settle, everyone leaves.
    platform.app.show()
    for (const u of users.values()) u.unsubscribe?.()
    await waitFor(() => pending.size === 0, 'every send settled')
    await waitFor(() => server.openCount === 0 && registry.stats().active === 0, 'all closed')
    expect(registry.stats()).toMatchObject({ connections: 0, queued: 0 })
    expect(platform.app.listeners).toBe(0)
    expect(server.peakOpen).toBeLessThanOrEqual(cap)

    // Every message whose send resolved arrived, once, on a socket for its URL.
    const arrived = server.sockets.flatMap((sock) => sock.received.map((m) => `${sock.url}|${m}`))
    expect(new Set(arrived).size).toBe(arrived.length)
    for (const m of resolved) expect(arrived).toContain(`${m.split('#')[0]}|${m}`)
    stats.resolved += resolved.length
  } finally {
    for (const u of users.values()) u.unsubscribe?.()
    registry.closeAll()
    platform.destroy()
    await server.close()
  }
}

describe.each(['weapp', 'alipay'] as const)('random app sessions on %s', (platformName) => {
  it('keep sockets within the cap, close unused ones, leak no listener and deliver every resolved send', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 6, maxLength: 20 }), (steps) => run(platformName, steps)),
      { numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    )
  }, 120_000)
})

afterAll(() => {
  console.info(
    `property runs: ${stats.runs}, steps: ${stats.steps}, sends: ${stats.sends}, resolved and checked: ${stats.resolved}, ` +
      `rejected: ${JSON.stringify(stats.rejected)}`,
  )
})
