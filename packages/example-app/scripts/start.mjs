// `pnpm start`: the example server and the H5 dev server together; Ctrl+C stops both.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const h5Port = process.env.EXAMPLE_H5_PORT ?? '10086'
const children = [
  spawn(process.execPath, ['server/index.mjs'], { cwd, stdio: 'inherit' }),
  spawn('pnpm', ['exec', 'taro', 'build', '--type', 'h5', '--watch'], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, EXAMPLE_H5_PORT: h5Port },
  }),
]
console.log(`\n  Example app: http://127.0.0.1:${h5Port}/  (first build takes ~20 s)\n`)

let stopping = false
const stop = (code) => {
  if (stopping) return
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  process.exit(code)
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0))
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
