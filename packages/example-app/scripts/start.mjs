// `pnpm start`: the example server and the H5 dev server together; Ctrl+C stops both.
// The WebSocket server is supervised: if it exits (a crash, or `kill` to try the app's
// reconnects) it is started again, and the H5 dev server keeps running either way.
// Type `rs` and Enter to restart the server alone.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const h5Port = process.env.EXAMPLE_H5_PORT ?? '10086'
const RESTART_DELAY_MS = 1000
// A server that dies this soon after starting is failing to start (port taken, say):
// restarting it in a loop would only hide the message.
const QUICK_EXIT_MS = 3000
const MAX_QUICK_EXITS = 3

let stopping = false
let server = null
let quickExits = 0

function startServer() {
  const started = Date.now()
  const child = spawn(process.execPath, ['server/index.mjs'], { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
  server = child
  child.on('exit', (code, signal) => {
    if (server === child) server = null
    if (stopping || child.restarting) return
    quickExits = Date.now() - started < QUICK_EXIT_MS ? quickExits + 1 : 0
    const how = signal ? `signal ${signal}` : `code ${code}`
    if (quickExits >= MAX_QUICK_EXITS) {
      console.error(`\n[start] the WebSocket server keeps exiting (${how}); not restarting it.`)
      console.error('[start] the H5 app is still up. Fix the cause, then type `rs` and Enter, or run `pnpm server` elsewhere.\n')
      return
    }
    console.error(`\n[start] the WebSocket server exited (${how}); restarting it in ${RESTART_DELAY_MS / 1000} s.\n`)
    setTimeout(() => !stopping && !server && startServer(), RESTART_DELAY_MS)
  })
}

function restartServer() {
  quickExits = 0
  if (!server) return startServer()
  const old = server
  old.restarting = true
  old.once('exit', () => !stopping && startServer())
  old.kill('SIGTERM')
}

startServer()
const h5 = spawn('pnpm', ['exec', 'taro', 'build', '--type', 'h5', '--watch'], {
  cwd,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, EXAMPLE_H5_PORT: h5Port },
})
console.log(`\n  Example app: http://127.0.0.1:${h5Port}/  (first build takes ~20 s)`)
console.log('  Type rs + Enter to restart the WebSocket server alone; Ctrl+C stops everything.\n')

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'rs') {
    console.log('[start] restarting the WebSocket server')
    restartServer()
  }
})

const stop = (code) => {
  if (stopping) return
  stopping = true
  server?.kill('SIGTERM')
  h5.kill('SIGTERM')
  process.exit(code)
}
// Without the H5 dev server there is nothing to open: stop.
h5.on('exit', (code) => {
  console.error(`[start] the H5 dev server exited (code ${code}).`)
  stop(code ?? 1)
})
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
