// `pnpm test:stress`: the whole `pnpm test` while busy loops keep every core busy, the way the
// suite meets a loaded laptop or a shared CI machine. Run it before submitting; it must pass.
//
//   pnpm test:stress              one run of `pnpm test` beside one busy loop per core
//   pnpm test:stress --runs 5     five runs in a row; stops at the first failure
//   pnpm test:stress --hogs 4     more busy loops than cores
//   pnpm test:stress -- jest packages/hooks/test/core   another command under the same load
//
// The busy loops are worker threads of this process: they end with it, whatever ends it, and
// each stops by itself after --max-minutes (default 60) even if this process hangs.
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'

const separator = process.argv.indexOf('--')
const { values } = parseArgs({
  args: process.argv.slice(2, separator === -1 ? undefined : separator),
  options: {
    runs: { type: 'string', default: '1' },
    hogs: { type: 'string', default: String(availableParallelism()) },
    'max-minutes': { type: 'string', default: '60' },
  },
})
const command = separator === -1 ? ['pnpm', 'test'] : process.argv.slice(separator + 1)
const runs = Number(values.runs)
const hogCount = Number(values.hogs)
const maxMs = Number(values['max-minutes']) * 60_000
if (!(runs >= 1) || !(hogCount >= 0) || !(maxMs > 0) || command.length === 0) {
  console.error('usage: node scripts/stress.mjs [--runs N] [--hogs N] [--max-minutes N] [-- command ...]')
  process.exit(2)
}

// A busy loop that yields to nothing but its own deadline.
const HOG = `
  const { workerData } = require('node:worker_threads')
  const end = Date.now() + workerData
  let x = 0
  while (Date.now() < end) for (let i = 0; i < 1e6; i++) x = (x * 31 + i) | 0
`
const hogs = Array.from({ length: hogCount }, () => new Worker(HOG, { eval: true, workerData: maxMs }))
for (const hog of hogs) hog.unref()
const stopHogs = () => Promise.all(hogs.map((hog) => hog.terminate()))

const root = fileURLToPath(new URL('..', import.meta.url))
let child = null
const forward = (signal) => {
  if (child) child.kill(signal)
  else process.exit(130)
}
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

const runOnce = () =>
  new Promise((resolve) => {
    child = spawn(command[0], command.slice(1), { cwd: root, stdio: 'inherit' })
    child.on('exit', (code, signal) => {
      child = null
      resolve(code ?? (signal ? 1 : 0))
    })
  })

console.log(`[stress] ${hogCount} busy loop(s) on ${availableParallelism()} core(s); ${runs} run(s) of: ${command.join(' ')}`)
const results = []
let failed = false
for (let run = 1; run <= runs && !failed; run++) {
  const started = Date.now()
  const code = await runOnce()
  const seconds = (Date.now() - started) / 1000
  results.push({ run, code, seconds })
  failed = code !== 0
  console.log(`[stress] run ${run}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s`)
}
await stopHogs()

console.log('\n| run | result | duration |\n| --- | --- | --- |')
for (const { run, code, seconds } of results) {
  console.log(`| ${run} | ${code === 0 ? 'passed' : `failed (exit ${code})`} | ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s |`)
}
process.exit(failed ? 1 : 0)
