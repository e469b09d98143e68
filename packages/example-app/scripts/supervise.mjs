// Keeps a child process running: started again after it exits, unless it keeps failing at
// start (then it is left stopped with a message). Used by `pnpm start` for the WebSocket server.
// Also the process-group helpers `pnpm start` stops its children with.
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'

const windows = process.platform === 'win32'

/**
 * @param {string} name for messages
 * @param {() => import('node:child_process').ChildProcess} start spawns the child
 * @param {{ restartDelay?: number, quickExit?: number, maxQuickExits?: number, killAfter?: number, log?: (line: string) => void, onGiveUp?: () => void }} [options]
 */
export function supervise(
  name,
  start,
  { restartDelay = 1000, quickExit = 3000, maxQuickExits = 3, killAfter = 5000, log = console.error, onGiveUp = () => {} } = {},
) {
  let child = null
  let stopped = false
  let quickExits = 0
  let timer = null

  const run = () => {
    const started = Date.now()
    const current = start()
    child = current
    current.on('exit', (code, signal) => {
      if (child === current) child = null
      if (stopped || current.replaced) return
      // Dying this soon after starting means it cannot start (a port taken, say): retrying in
      // a loop would only bury the message.
      quickExits = Date.now() - started < quickExit ? quickExits + 1 : 0
      const how = signal ? `signal ${signal}` : `code ${code}`
      if (quickExits >= maxQuickExits) {
        log(`[start] ${name} keeps exiting (${how}); not restarting it. Fix the cause, then type rs and Enter.`)
        onGiveUp()
        return
      }
      log(`[start] ${name} exited (${how}); restarting it in ${restartDelay / 1000} s.`)
      timer = setTimeout(() => !stopped && !child && run(), restartDelay)
    })
  }
  run()

  return {
    get pid() {
      return child?.pid
    },
    /** Restarts it now (and forgets earlier failures). */
    restart() {
      if (stopped) return
      quickExits = 0
      clearTimeout(timer)
      if (!child) return run()
      const old = child
      old.replaced = true
      old.once('exit', () => !stopped && run())
      void stopChild(old, killAfter)
    },
    /** Stops it for good; resolves once it has exited (SIGKILL after `killAfter` ms). */
    stop() {
      stopped = true
      clearTimeout(timer)
      return child ? stopChild(child, killAfter) : Promise.resolve()
    },
  }
}

/**
 * Spawns a child in a process group of its own (`detached`; not on Windows), so that
 * `stopChild` reaches everything it starts, and Ctrl+C in the terminal reaches only us: we stop
 * the children in order instead of their dying under the supervisor.
 */
export const spawnGroup = (command, args, options) => spawn(command, args, { ...options, detached: !windows })

/** Sends `signal` to the child's process group (the child alone if it has none). */
export function signalGroup(child, signal) {
  if (child.pid === undefined) return
  try {
    if (windows) {
      if (signal === 'SIGKILL') execFile('taskkill', ['/pid', String(child.pid), '/T', '/F'], () => {})
      else child.kill(signal)
    } else {
      process.kill(-child.pid, signal)
    }
  } catch {
    // Already gone.
  }
}

const run = promisify(execFile)

/** Whether a live (not zombie) process is left in the process group `pgid`. */
async function groupAlive(pgid) {
  if (windows) return false
  try {
    process.kill(-pgid, 0)
  } catch {
    return false
  }
  // kill(0) also finds zombies (a member whose parent died first, not yet reaped): ask ps.
  try {
    const { stdout } = await run('ps', ['-A', '-o', 'pgid=,stat='])
    return stdout.split('\n').some((line) => {
      const [group, stat] = line.trim().split(/\s+/)
      return Number(group) === pgid && stat !== undefined && !stat.startsWith('Z')
    })
  } catch {
    return true
  }
}

/**
 * SIGTERM to the child's process group, SIGKILL to it after `killAfter` ms; resolves once the
 * child has exited and nothing of its group is left (or, for a group that outlives SIGKILL,
 * shortly after).
 */
export async function stopChild(child, killAfter = 5000) {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r))
  signalGroup(child, 'SIGTERM')
  const deadline = Date.now() + killAfter
  let killed = false
  for (;;) {
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 100, false))])
    if (done && !(await groupAlive(child.pid))) return
    if (Date.now() > deadline) {
      if (killed) return
      killed = true
      signalGroup(child, 'SIGKILL')
    }
  }
}

/**
 * Watches the processes that started us (`npx` → `pnpm` → `sh` → `pnpm --filter` → `sh` → us,
 * the ones in our process group): calls `onGone` once one of them has exited. pnpm does not
 * pass SIGTERM on to its script: `kill <pnpm>` ends pnpm and leaves the script running.
 * A parent in another group (a shell) is not watched: it sends SIGHUP when it goes.
 */
export async function watchLaunchers(onGone, every = 1000) {
  const firstParent = process.ppid
  /** @type {Map<number, number>} watched pid → its parent pid */
  const watched = new Map()
  try {
    const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=,pgid='])
    const table = new Map()
    for (const line of stdout.split('\n')) {
      const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number)
      if (pid) table.set(pid, { ppid, pgid })
    }
    const group = table.get(process.pid)?.pgid
    for (let pid = process.ppid; pid > 1 && table.get(pid)?.pgid === group; pid = table.get(pid).ppid) {
      watched.set(pid, table.get(pid).ppid)
    }
  } catch {
    // No ps: the parent alone, below.
  }
  const gone = (pid, ppid) => {
    if (process.platform === 'linux') {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; a zombie or a new parent means it is gone.
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return state === 'Z' || Number(parent) !== ppid
      } catch {
        return true
      }
    }
    try {
      process.kill(pid, 0)
      return false
    } catch (error) {
      return error.code === 'ESRCH'
    }
  }
  const timer = setInterval(() => {
    if (process.ppid !== firstParent || [...watched].some(([pid, ppid]) => gone(pid, ppid))) {
      clearInterval(timer)
      onGone()
    }
  }, every)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * The example's WebSocket server as a child process (in its own process group). Its output goes
 * to ours unless `quiet`; `onListening(url)` gets the address it printed once it listens.
 * @param {string} cwd
 * @param {{ env?: NodeJS.ProcessEnv, quiet?: boolean, onListening?: (url: string) => void }} [options]
 */
export function spawnServer(cwd, { env = process.env, quiet = false, onListening } = {}) {
  const child = spawnGroup(process.execPath, ['server/index.mjs'], { cwd, env, stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] })
  eachLine(child.stdout, (line) => {
    if (!quiet) console.log(line)
    const url = /example WebSocket server on (ws:\/\/\S+)/.exec(line)?.[1]
    if (url) onListening?.(url)
  })
  return child
}

/** Calls `onLine` with each line of the stream, without its line end and colour codes. */
export function eachLine(stream, onLine) {
  let rest = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split(/\r?\n/)
    rest = lines.pop()
    for (const line of lines) onLine(line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''))
  })
  stream.on('end', () => rest && onLine(rest))
}
