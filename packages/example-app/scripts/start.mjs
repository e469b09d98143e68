// `pnpm start [--port <h5 port>] [--server-port <websocket port>]`: the example WebSocket server
// and the H5 dev server (`taro build --type h5 --watch`) together.
//
// - The URLs it prints are where the two really listen: the server's from the line it prints
//   once listening, the app's from webpack-dev-server's own "Loopback:" line, checked with an
//   HTTP request before it is printed.
// - A port you set (flag or EXAMPLE_H5_PORT / EXAMPLE_SERVER_PORT) must be free, or it stops
//   with a message before starting anything; a default port that is taken is replaced by the
//   next free one, and the message says so. 0 means any free port.
// - The WebSocket server is supervised: if it exits (a crash, or `kill` to try the app's
//   reconnects) it is started again, and the H5 dev server keeps running. `rs` + Enter
//   restarts it alone.
// - Ctrl+C, SIGTERM or SIGHUP stop both children's whole process groups (taro's webpack and
//   esbuild processes too) and wait for them, SIGKILL after 5 s. So does the exit of the
//   process that started us (`pnpm`, `npx`): pnpm does not pass SIGTERM on to its script.
import { createRequire } from 'node:module'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { eachLine, signalGroup, spawnGroup, spawnServer, stopChild, supervise, watchLaunchers } from './supervise.mjs'

const cwd = fileURLToPath(new URL('..', import.meta.url))
// The app to serve: this one, or another example app's folder (EXAMPLE_APP_DIR, the Vue example's
// `pnpm start`); the WebSocket server is always this package's.
const appDir = process.env.EXAMPLE_APP_DIR ? resolve(process.env.EXAMPLE_APP_DIR) : cwd
const HOST = '127.0.0.1'
const USAGE = `Usage: pnpm start [--port <port>] [--server-port <port>]
  --port          the H5 dev server's port (or EXAMPLE_H5_PORT; default 10086)
  --server-port   the WebSocket server's port (or EXAMPLE_SERVER_PORT; default 8787)
A port you set must be free; a default port that is taken is replaced by the next free one.
0 picks any free port. TARO_APP_SOCKET_URL in the environment points the app at another server.`

const fail = (message) => {
  console.error(`[start] ${message}`)
  process.exit(1)
}

let args
try {
  args = parseArgs({
    // `pnpm start -- --port 3000` passes the `--` on.
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    options: { port: { type: 'string' }, 'server-port': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values
} catch (error) {
  fail(`${error.message}\n${USAGE}`)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}

/** The port asked for, and where the request came from (for messages). */
function wanted(flag, variable, fallback) {
  const [value, source] =
    args[flag] !== undefined ? [args[flag], `--${flag}`] : process.env[variable] ? [process.env[variable], variable] : [String(fallback), undefined]
  const port = Number(value)
  if (!/^\d+$/.test(value.trim()) || port > 65535) fail(`${source} must be a port number (0 to 65535), not "${value}".\n${USAGE}`)
  return { port, source }
}

/** Whether a listen on `host`:`port` would succeed now. */
const canListen = (port, host) =>
  new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)))
  })

const anyFreePort = (host) =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

/**
 * A free port for `what`: the one asked for, or, when the default is taken, the next free one.
 * `hosts`: where to check; Taro's dev server (detect-port) moves off a port taken on any
 * address, so the H5 port is checked on all of them.
 */
async function choosePort(what, { port, source }, hosts, flag) {
  const free = async (p) => {
    for (const host of hosts) if (!(await canListen(p, host))) return false
    return true
  }
  if (port === 0) return anyFreePort(hosts.at(-1))
  if (await free(port)) return port
  if (source) fail(`port ${port} (${source}) is in use by another process: stop it, or pick another port for ${what} with ${flag} <port> (0: any free port).`)
  for (let p = port + 1; p < Math.min(port + 100, 65536); p++) {
    if (await free(p)) {
      console.log(`[start] port ${port} is in use, so ${what} uses ${p} (pick one with ${flag} <port>).`)
      return p
    }
  }
  return anyFreePort(hosts.at(-1))
}

const h5Wanted = wanted('port', 'EXAMPLE_H5_PORT', 10086)
const serverWanted = wanted('server-port', 'EXAMPLE_SERVER_PORT', 8787)
const serverHost = process.env.EXAMPLE_SERVER_HOST ?? HOST
const serverPort = await choosePort('the WebSocket server', serverWanted, [serverHost], '--server-port')
const h5Port = await choosePort('the H5 dev server', h5Wanted, [undefined, '0.0.0.0', HOST], '--port')

// Both children get the chosen ports: Taro puts EXAMPLE_SERVER_PORT into the app's server URL
// (.env.development), config/index.ts gives EXAMPLE_H5_PORT to the dev server.
const env = {
  ...process.env,
  EXAMPLE_SERVER_PORT: String(serverPort),
  EXAMPLE_H5_PORT: String(h5Port),
  // Taro reads .env.<NODE_ENV> when NODE_ENV is set (jest sets it to `test`): this is the
  // development build, with .env.development's server URL.
  NODE_ENV: 'development',
  // A watch build empties its output directory: keep it off dist/h5 (the production build).
  EXAMPLE_OUTPUT_ROOT: process.env.EXAMPLE_OUTPUT_ROOT ?? 'dist/h5-dev',
  // Its output comes through a pipe; keep the colours when ours goes to a terminal.
  ...(process.stdout.isTTY && process.env.FORCE_COLOR === undefined && process.env.NO_COLOR === undefined ? { FORCE_COLOR: '1' } : {}),
}

let serverUrl = null
const server = supervise(
  'the WebSocket server',
  () => {
    const child = spawnServer(cwd, { env, onListening: (url) => (serverUrl = url) })
    child.once('exit', () => (serverUrl = null))
    return child
  },
  { onGiveUp: () => (serverUrl = null) },
)

const taro = createRequire(join(appDir, 'package.json')).resolve('@tarojs/cli/bin/taro')
const h5 = spawnGroup(process.execPath, [taro, 'build', '--type', 'h5', '--watch'], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
console.log('[start] building the H5 app; its address follows once it is served (the first build takes 20-60 s).')

let appUrl = null
for (const [from, to] of [
  [h5.stdout, process.stdout],
  [h5.stderr, process.stderr],
]) {
  eachLine(from, onH5Line)
  from.on('data', (chunk) => to.write(chunk))
}

function onH5Line(line) {
  // webpack-dev-server prints the address it listens on (server.address()); Taro's own line
  // after the first build is the fallback.
  const url = /\[webpack-dev-server\] Loopback: (http:\/\/[^\s,]+)|Listening at (http:\/\/\S+)/.exec(line)?.slice(1).find(Boolean)
  if (!url || appUrl) return
  appUrl = url
  const port = Number(new URL(url).port)
  if (port !== h5Port && h5Wanted.source) {
    void stop(1, `the H5 dev server listens on ${port}, not on port ${h5Port} (${h5Wanted.source}): the port was taken meanwhile`)
    return
  }
  void announce(url, port !== h5Port ? ` (port ${h5Port} was taken meanwhile)` : '')
}

/** Prints the app's URL once it answers with the page (webpack-dev-server holds requests until the build is done). */
async function announce(url, note) {
  let reported = null
  while (!stopping) {
    const status = await new Promise((resolve) => {
      const req = request(url, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      })
      req.on('error', () => resolve(null))
      req.end()
    })
    if (status === 200) break
    if (status !== null && status !== reported) console.error(`[start] ${url} answers ${status} (see the build output above); waiting for a build that works.`)
    reported = status
    await new Promise((r) => setTimeout(r, 2000))
  }
  if (stopping) return
  const socketUrl = process.env.TARO_APP_SOCKET_URL
  console.log(
    [
      '',
      `  Example app:       ${url}${note}`,
      `  WebSocket server:  ${serverUrl ?? 'not running (see the messages above; rs + Enter starts it again)'}`,
      ...(socketUrl ? [`  The app connects to ${socketUrl} (TARO_APP_SOCKET_URL).`] : []),
      '  Type rs + Enter to restart the WebSocket server alone; Ctrl+C stops everything.',
      '',
    ].join('\n'),
  )
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'rs' && !stopping) {
    console.log('[start] restarting the WebSocket server')
    server.restart()
  }
})

let stopping = false
/** Stops both children (their whole process groups), waits for them, then exits. */
async function stop(code, why) {
  if (stopping) return
  stopping = true
  if (why) console.error(`[start] ${why}; stopping.`)
  await Promise.all([server.stop(), stopChild(h5)])
  console.error('[start] stopped: the WebSocket server and the H5 dev server have exited.')
  process.exit(code)
}

// Without the H5 dev server there is nothing to open: stop.
h5.on('exit', (code, signal) => void stop(code || 1, `the H5 dev server exited (${signal ? `signal ${signal}` : `code ${code}`})`))
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // A second Ctrl+C while stopping: do not wait any longer.
    if (stopping) {
      signalGroup(h5, 'SIGKILL')
      if (server.pid) process.kill(server.pid, 'SIGKILL')
      process.exit(1)
    }
    void stop(0)
  })
}
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    console.error(error)
    void stop(1, 'pnpm start failed')
  })
}
// Whatever way we exit, the children do not outlive us.
process.on('exit', () => {
  if (h5.exitCode === null && h5.signalCode === null) signalGroup(h5, 'SIGKILL')
  if (server.pid) signalGroup({ pid: server.pid }, 'SIGKILL')
})
// Our output may go to a pipe whose reader is gone (the parent was killed): not an error to die of.
process.stdout.on('error', () => {})
process.stderr.on('error', () => {})
void watchLaunchers(() => void stop(0, 'the process that started pnpm start exited'))
