/**
 * `pnpm start` keeps the example server running: killed, it comes back on the same port;
 * `rs` restarts it; one that cannot start is left stopped instead of looping; stopped, it is gone
 * and its port free once `stop()` resolves.
 */
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import WebSocket from 'ws'
import { freePort, portFree, until } from 'example-test-support'
// @ts-expect-error: plain JavaScript
import { spawnServer, supervise } from '../scripts/supervise.mjs'

interface Supervisor {
  readonly pid: number | undefined
  restart(): void
  stop(): Promise<void>
}

const cwd = join(__dirname, '..')

/** Resolves when a WebSocket to the server opens, retrying until the deadline. */
async function reachable(port: number, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`)
      ws.on('open', () => (ws.close(), resolve(true)))
      ws.on('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

it('starts the server again after it is killed, and on rs', async () => {
  const port = await freePort()
  const log: string[] = []
  const env = { ...process.env, EXAMPLE_SERVER_PORT: String(port) }
  const server = supervise('the WebSocket server', () => spawnServer(cwd, { env, quiet: true }), {
    restartDelay: 200,
    log: (l: string) => log.push(l),
  }) as Supervisor
  try {
    await reachable(port)
    const first = server.pid
    process.kill(first!, 'SIGKILL')
    await until(() => server.pid !== undefined && server.pid !== first, 'a new server process')
    await reachable(port)
    expect(log.join('\n')).toContain('exited (signal SIGKILL); restarting it')

    const second = server.pid
    server.restart()
    await until(() => server.pid !== undefined && server.pid !== second, 'the server restarted on rs')
    await reachable(port)

    await server.stop()
    expect(server.pid).toBeUndefined()
    expect(await portFree(port)).toBe(true)
  } finally {
    await server.stop()
  }
})

it('leaves a server that cannot start stopped, with a message', async () => {
  // The port is taken, so every start fails at once.
  const taken = createServer()
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
  const env = { ...process.env, EXAMPLE_SERVER_PORT: String((taken.address() as AddressInfo).port) }
  const log: string[] = []
  let starts = 0
  let gaveUp: { starts: number; pid: number | undefined } | undefined
  const server: Supervisor = supervise('the WebSocket server', () => (starts++, spawnServer(cwd, { env, quiet: true })), {
    restartDelay: 50,
    log: (l: string) => log.push(l),
    onGiveUp: () => (gaveUp = { starts, pid: server.pid }),
  })
  try {
    await until(() => gaveUp !== undefined, 'the supervisor to give up')
    // Giving up schedules no restart: three starts, none running, and it stays so.
    expect(gaveUp).toEqual({ starts: 3, pid: undefined })
    expect(log.filter((l) => l.includes('restarting it in'))).toHaveLength(2)
    expect(log.at(-1)).toContain('keeps exiting')
    server.restart()
    await until(() => starts === 4, 'rs to start it again')
  } finally {
    await server.stop()
    await new Promise((r) => taken.close(r))
  }
})
