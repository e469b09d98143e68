/**
 * @jest-environment node
 *
 * Errors as an app's production build ships them: the library compiled with its build plugin
 * (build/production.ts), then bundled with NODE_ENV=production as Taro does. The messages
 * catalogue is gone, yet each error still names its code, where to read about it, and the
 * platform's own words and number.
 */
import { join } from 'node:path'
import { build } from 'esbuild'
import { productionPlugin } from '../../build/production'
import type * as Errors from '../../src/core/errors'

const hooks = join(__dirname, '..', '..')

type ErrorsModule = Pick<typeof Errors, 'socketError' | 'fromPlatformError' | 'SocketError'>

/** src/core/errors.ts as the published build makes it, bundled for `nodeEnv`; its code and exports. */
async function errorsFor(nodeEnv: string): Promise<{ code: string; module: ErrorsModule }> {
  const result = await build({
    stdin: { contents: "export { socketError, fromPlatformError, SocketError } from './src/core/errors'", resolveDir: hooks, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    plugins: [productionPlugin],
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
  })
  const code = result.outputFiles[0]!.text
  const module = { exports: {} as ErrorsModule }
  new Function('module', 'exports', code)(module, module.exports)
  return { code, module: module.exports }
}

const README = '(see taro-socket-hooks README, Errors)'

describe('in a production build', () => {
  let production: Awaited<ReturnType<typeof errorsFor>>
  beforeAll(async () => {
    production = await errorsFor('production')
  })

  it('leaves the message catalogue out', () => {
    expect(production.code).not.toContain('it is not absolute')
    expect(production.code).not.toContain('wss://')
  })

  it('names the code and where to read about it', () => {
    const error = production.module.socketError('INVALID_SCHEME', { got: 'http' })
    expect(error).toBeInstanceOf(production.module.SocketError)
    expect(error).toMatchObject({ name: 'SocketError', code: 'INVALID_SCHEME', message: `INVALID_SCHEME ${README}` })
  })

  it("keeps the platform's words and number when a connect fails", () => {
    const raw = { errMsg: 'connectSocket:fail timeout', errno: 1001 }
    const error = production.module.fromPlatformError('CONNECT_FAILED', { url: 'wss://example.com/' }, raw)
    expect(error).toMatchObject({ code: 'CONNECT_FAILED', platformCode: 1001, errMsg: 'connectSocket:fail timeout', cause: raw })
    expect(error.message).toBe(`CONNECT_FAILED: connectSocket:fail timeout ${README}`)
  })

  it('gives the number when the platform gave no words (Alipay)', () => {
    const error = production.module.fromPlatformError('SEND_FAILED', {}, { error: 12 })
    expect(error).toMatchObject({ platformCode: 12, message: `SEND_FAILED: platform error 12 ${README}` })
    expect(error).not.toHaveProperty('errMsg')
  })
})

describe.each(['production', 'development'])('what a platform hands over, in a %s build', (nodeEnv) => {
  let errors: ErrorsModule
  beforeAll(async () => {
    errors = (await errorsFor(nodeEnv)).module
  })

  it('reads a bare string as its message', () => {
    const error = errors.fromPlatformError('CONNECTION_ERROR', {}, 'socket closed by peer')
    expect(error).toMatchObject({ errMsg: 'socket closed by peer', cause: 'socket closed by peer' })
    expect(error).not.toHaveProperty('platformCode')
    expect(error.message).toContain('socket closed by peer')
  })

  it('takes the first number and the first non-empty message among the fields platforms use', () => {
    const error = errors.fromPlatformError('SEND_FAILED', {}, { errCode: '7', error: 3, code: 9, errMsg: '', errorMessage: 'not connected' })
    expect(error).toMatchObject({ platformCode: 3, errMsg: 'not connected' })
  })

  it('keeps a thrown error as its cause, with its message', () => {
    const thrown = new TypeError('task.send is not a function')
    const error = errors.fromPlatformError('SEND_FAILED', {}, thrown)
    expect(error).toMatchObject({ errMsg: 'task.send is not a function', cause: thrown })
  })

  it('adds nothing for what carries neither words nor a number', () => {
    for (const raw of [undefined, null, 42, '', {}]) {
      const error = errors.fromPlatformError('CONNECTION_ERROR', { url: 'wss://example.com/' }, raw)
      expect(error).not.toHaveProperty('platformCode')
      expect(error).not.toHaveProperty('errMsg')
      expect(error.message).not.toMatch(/platform error|undefined/)
    }
  })

  it('hands a SocketError through as it is', () => {
    const original = errors.socketError('HEARTBEAT_TIMEOUT', { n: 10_000 })
    expect(errors.fromPlatformError('CONNECTION_ERROR', {}, original)).toBe(original)
  })
})
