// Builds weapp, alipay and h5 one after another, fails loudly if any fails, and records
// each build's time and the server URL it was built for in dist/build-info.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cwd = fileURLToPath(new URL('..', import.meta.url))
const port = process.env.EXAMPLE_SERVER_PORT ?? '8787'
const info = { serverUrl: process.env.EXAMPLE_SERVER_URL ?? `ws://127.0.0.1:${port}`, builds: {} }

for (const target of ['weapp', 'alipay', 'h5']) {
  const started = Date.now()
  const result = spawnSync('pnpm', ['exec', 'taro', 'build', '--type', target], {
    cwd,
    env: { ...process.env, EXAMPLE_SERVER_PORT: port, NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  const seconds = (Date.now() - started) / 1000
  const output = `${result.stdout}\n${result.stderr}`
  if (result.status !== 0 || /Failed to compile|ERROR in|compiled with \S*\s*\d+ errors?/i.test(output)) {
    console.error(output)
    console.error(`\nbuild:${target} FAILED after ${seconds.toFixed(1)} s`)
    process.exit(1)
  }
  info.builds[target] = { seconds }
  console.log(`build:${target} ok in ${seconds.toFixed(1)} s`)
}

mkdirSync(`${cwd}/dist`, { recursive: true })
writeFileSync(`${cwd}/dist/build-info.json`, JSON.stringify(info, null, 2))
