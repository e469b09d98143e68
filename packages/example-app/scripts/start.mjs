// `pnpm start`: the example server and the H5 dev server together; Ctrl+C stops both.
// The WebSocket server is supervised: if it exits (a crash, or `kill` to try the app's
// reconnects) it is started again, and the H5 dev server keeps running either way.
// Type `rs` and Enter to restart the server alone.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { spawnServer, supervise } from './supervise.mjs'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const h5Port = process.env.EXAMPLE_H5_PORT ?? '10086'

const server = supervise('the WebSocket server', () => spawnServer(cwd))
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
    server.restart()
  }
})

let stopping = false
const stop = (code) => {
  if (stopping) return
  stopping = true
  server.stop()
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
