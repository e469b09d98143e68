// Builds weapp, alipay and h5 one after another, fails loudly if any fails, and records
// each build's time and the server URL it was built for in dist/build-info.json.
// `node build-all.mjs <app folder>` builds another example app (the Vue one) the same way.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const cwd = process.argv[2] ? `${resolve(process.argv[2])}/` : fileURLToPath(new URL('..', import.meta.url))
// The URL the builds get, read from .env.production the way Taro reads it.
const { dotenvParse } = createRequire(import.meta.url)('@tarojs/helper')
const { TARO_APP_SOCKET_URL: serverUrl } = dotenvParse(cwd, 'TARO_APP_', 'production')
const info = { serverUrl, builds: {} }

for (const target of ['weapp', 'alipay', 'h5']) {
  const started = Date.now()
  const result = spawnSync('pnpm', ['exec', 'taro', 'build', '--type', target], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production' },
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
