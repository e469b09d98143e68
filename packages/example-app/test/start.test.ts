/**
 * `pnpm start` (the real command, from the repository root, through pnpm's two levels of scripts)
 * prints where the app and the server really are, and stopping it leaves nothing running: no
 * process of its tree, no port held.
 *
 * Ports are chosen free at run time. Waits are for states; their deadlines only bound a failure
 * (the first dev build takes 20-60 s, more on a busy machine).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { join } from 'node:path'
import WebSocket from 'ws'
import { freePort, freePortPair, portFree, until } from 'example-test-support'

const root = join(__dirname, '..', '..', '..')
const app = join(__dirname, '..')

/** pid → [parent pid, ps stat] of every process now. */
function processTable(): Map<number, [number, string]> {
  const table = new Map<number, [number, string]>()
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], { encoding: 'utf8' }).split('\n')) {
    const [pid, ppid, stat] = line.trim().split(/\s+/)
    if (pid) table.set(Number(pid), [Number(ppid), stat ?? ''])
  }
  return table
}

/** The process and all its descendants, with their command lines (for messages). */
function tree(pid: number): Map<number, string> {
  const table = processTable()
  const found = new Set([pid])
  for (let grew = true; grew;) {
    grew = false
    for (const [child, [parent]] of table) {
      if (found.has(parent) && !found.has(child)) {
        found.add(child)
        grew = true
      }
    }
  }
  const commands = new Map<number, string>()
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' }).split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line)
    if (match && found.has(Number(match[1]))) commands.set(Number(match[1]), match[2]!)
  }
  return commands
}

/** Those of `pids` still running (a zombie holds nothing and counts as gone). */
function running(pids: Iterable<number>): number[] {
  const table = processTable()
  return [...pids].filter((pid) => table.has(pid) && !table.get(pid)![1].startsWith('Z'))
}

interface Started {
  child: ChildProcess
  output(): string
  exit: Promise<number | null>
}

/** Runs a command in a process group of its own, as a shell runs a job. */
function run(command: string, args: string[], cwd: string): Started {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exit }
}

/** Kills whatever a failed test left behind, and lets go of its output. */
function cleanUp(start: Started, seen: Map<number, string>) {
  const pids = new Set([...tree(start.child.pid!).keys(), ...seen.keys()])
  for (const pid of running(pids)) {
    // start.mjs runs its children in process groups of their own.
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL')
      } catch {
        // Not a group leader, or gone.
      }
    }
  }
  start.child.stdin!.destroy()
  start.child.stdout!.destroy()
  start.child.stderr!.destroy()
}

const printed = (output: string, label: string) => new RegExp(`^ *${label}: +(\\S+)`, 'm').exec(output)?.[1]

it('prints the URLs it really serves, and SIGTERM to pnpm stops everything', async () => {
  const [h5Port, serverPort] = await freePortPair()
  const start = run('pnpm', ['start', '--port', String(h5Port), '--server-port', String(serverPort)], root)
  const seen = new Map<number, string>()
  const tail = () => `; output so far:\n${start.output().slice(-3000)}`
  try {
    await until(() => printed(start.output(), 'Example app') !== undefined, 'the app URL', 240_000, tail)
    const appUrl = printed(start.output(), 'Example app')!
    const serverUrl = printed(start.output(), 'WebSocket server')!
    expect(appUrl).toBe(`http://127.0.0.1:${h5Port}/`)
    expect(serverUrl).toBe(`ws://127.0.0.1:${serverPort}`)

    // The printed URL serves the app, built for the printed server.
    const fetchText = (url: string) =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        get(url, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode, body }))
        }).on('error', reject)
      })
    const page = await fetchText(appUrl)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>taro-socket-hooks example</title>')
    expect((await fetchText(`${appUrl}app.js`)).body).toContain(serverUrl)

    // The printed server answers.
    const echoed = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${serverUrl}/echo`)
      ws.on('open', () => ws.send('hello'))
      ws.on('message', (data) => (ws.close(), resolve(String(data))))
      ws.on('error', reject)
    })
    expect(echoed).toBe('hello')

    for (const [pid, command] of tree(start.child.pid!)) seen.set(pid, command)
    const commands = [...seen.values()].join('\n')
    expect(commands).toMatch(/scripts\/start\.mjs/)
    expect(commands).toMatch(/server\/index\.mjs/)
    expect(commands).toMatch(/taro build --type h5 --watch/)

    // SIGTERM to the top process alone, as `kill <pid>` would: pnpm does not pass it on, so
    // start.mjs notices that pnpm is gone.
    process.kill(start.child.pid!, 'SIGTERM')
    await until(
      () => running(seen.keys()).length === 0,
      'every process of the tree to exit',
      30_000,
      () =>
        `; still running:\n${running(seen.keys())
          .map((pid) => `${pid} ${seen.get(pid)}`)
          .join('\n')}`,
    )
    expect(await portFree(h5Port)).toBe(true)
    expect(await portFree(serverPort)).toBe(true)
  } finally {
    cleanUp(start, seen)
  }
}, 300_000)

it('Ctrl+C during the first build stops everything', async () => {
  const [h5Port, serverPort] = await freePortPair()
  const start = run('pnpm', ['start', '--port', String(h5Port), '--server-port', String(serverPort)], root)
  let seen = new Map<number, string>()
  try {
    // The server listens and taro runs: stop before the build is done.
    await until(
      () => {
        if (!start.output().includes(`example WebSocket server on ws://127.0.0.1:${serverPort}`)) return false
        seen = tree(start.child.pid!)
        return [...seen.values()].some((command) => command.includes('taro build'))
      },
      'the server and taro to run',
      60_000,
    )
    expect(printed(start.output(), 'Example app')).toBeUndefined()
    // Ctrl+C: the terminal sends SIGINT to the job's process group.
    process.kill(-start.child.pid!, 'SIGINT')
    await until(
      () => running(seen.keys()).length === 0,
      'every process of the tree to exit',
      30_000,
      () => `; still running: ${running(seen.keys()).map((pid) => `${pid} ${seen.get(pid)}`)}`,
    )
    expect(await portFree(h5Port)).toBe(true)
    expect(await portFree(serverPort)).toBe(true)
    expect(start.output()).not.toContain('Example app:')
  } finally {
    cleanUp(start, seen)
  }
}, 120_000)

it('stops with a message, starting nothing, when a port asked for is taken', async () => {
  const taken: Server = createServer()
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
  const port = (taken.address() as AddressInfo).port
  const serverPort = await freePort()
  try {
    const start = run(process.execPath, ['scripts/start.mjs', '--port', String(port), '--server-port', String(serverPort)], app)
    expect(await start.exit).toBe(1)
    expect(start.output()).toContain(`port ${port} (--port) is in use by another process`)
    expect(start.output()).not.toContain('Example app:')
    expect(await portFree(serverPort)).toBe(true)
  } finally {
    await new Promise((r) => taken.close(r))
  }
})
