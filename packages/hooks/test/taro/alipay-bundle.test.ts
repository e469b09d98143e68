/**
 * @jest-environment node
 *
 * Alipay's multiple-task mode ships only in Alipay apps that import alipayMultipleTasks(): the
 * built package bundled as Taro's production build bundles it for one platform (esbuild needs
 * Node's own globals, hence the node environment). Reads dist/, which `pnpm test` builds first.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

describe('what an app ships (the built package, bundled as Taro bundles it for one platform)', () => {
  const root = join(__dirname, '..', '..')
  beforeAll(() => {
    // `pnpm test` builds the package before Jest runs.
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run pnpm --filter taro-socket-hooks build first')
  })

  async function bundle(exports: string, taroEnv: string): Promise<string> {
    const result = await build({
      stdin: { contents: `export { ${exports} } from './dist/index.js'`, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      external: ['react', 'react/jsx-runtime', '@tarojs/taro'],
      define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': JSON.stringify(taroEnv) },
    })
    return result.outputFiles[0]!.text
  }

  it.each([
    ['an Alipay app that never imports alipayMultipleTasks() ships none of the multiple-task mode', 'useSocket, SocketProvider', 'alipay', false],
    ['an Alipay app that imports it ships the multiple-task mode', 'useSocket, SocketProvider, alipayMultipleTasks', 'alipay', true],
    ['a WeChat app that imports it ships none of the multiple-task mode', 'useSocket, SocketProvider, alipayMultipleTasks', 'weapp', false],
  ])('%s', async (_, exports, taroEnv, ships) => {
    const code = await bundle(exports, taroEnv)
    expect([code.includes('connectSocket.object.multiple'), /multiple:\s*!0/.test(code)]).toEqual([ships, ships])
  })
})
