// Keeps a child process running: started again after it exits, unless it keeps failing at
// start (then it is left stopped with a message). Used by `pnpm start` for the WebSocket server.
import { spawn } from 'node:child_process'

/**
 * @param {string} name for messages
 * @param {() => import('node:child_process').ChildProcess} start spawns the child
 * @param {{ restartDelay?: number, quickExit?: number, maxQuickExits?: number, log?: (line: string) => void }} [options]
 */
export function supervise(name, start, { restartDelay = 1000, quickExit = 3000, maxQuickExits = 3, log = console.error } = {}) {
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
      quickExits = 0
      clearTimeout(timer)
      if (!child) return run()
      const old = child
      old.replaced = true
      old.once('exit', () => !stopped && run())
      old.kill('SIGTERM')
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      child?.kill('SIGTERM')
    },
  }
}

/** The example's WebSocket server as a child process; its output goes to ours unless `quiet`. */
export const spawnServer = (cwd, env = process.env, quiet = false) =>
  spawn(process.execPath, ['server/index.mjs'], { cwd, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'] })
