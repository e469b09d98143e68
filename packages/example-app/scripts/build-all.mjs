// Builds weapp, alipay and h5 one after another, fails loudly if any fails, and records
// each build's time and the server URL it was built for in dist/build-info.json.
// `node build-all.mjs <app folder>` builds another example app (the Vue one) the same way.
import { spawn, spawnSync } from 'node:child_process'
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

// The React example also gets an H5 build in development mode for the browser test, because
// only React's development build says "two children with the same key" and its other warnings.
// Taro builds in development mode only with --watch: the first finished compile is kept and
// the watcher stopped.
if (!process.argv[2]) {
  const started = Date.now()
  const ok = await new Promise((done) => {
    const watch = spawn('pnpm', ['exec', 'taro', 'build', '--type', 'h5', '--watch'], {
      cwd,
      // Written to disk (not only served), its dev server on any free port.
      env: { ...process.env, NODE_ENV: 'development', EXAMPLE_OUTPUT_ROOT: 'dist/h5-development', EXAMPLE_WRITE_TO_DISK: '1', EXAMPLE_H5_PORT: '0' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const read = (chunk) => {
      output += chunk
      const failed = /Failed to compile|ERROR in|compiled with \S*\s*\d+ errors?/i.test(output)
      // webpack's own last line of a compile: the files are on disk by then.
      if (!failed && !/webpack [\d.]+ compiled/.test(output)) return
      if (failed) console.error(output)
      process.kill(-watch.pid, 'SIGTERM')
      done(!failed)
    }
    watch.stdout.on('data', read)
    watch.stderr.on('data', read)
    watch.on('exit', (code) => done(false, code))
  })
  const seconds = (Date.now() - started) / 1000
  if (!ok) {
    console.error(`\nbuild:h5 (development) FAILED after ${seconds.toFixed(1)} s`)
    process.exit(1)
  }
  info.builds['h5-development'] = { seconds }
  console.log(`build:h5 (development) ok in ${seconds.toFixed(1)} s`)
}

mkdirSync(`${cwd}/dist`, { recursive: true })
writeFileSync(`${cwd}/dist/build-info.json`, JSON.stringify(info, null, 2))
