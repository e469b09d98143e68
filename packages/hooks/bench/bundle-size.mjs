// min+gzip sizes, shared by `pnpm bench` (side by side with the peers) and the size budget
// check in `pnpm test`.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const EXTERNAL = ['react', 'react-dom', 'react/jsx-runtime', '@tarojs/taro']

/** The whole library, every feature; the testing kit (a separate entry) is not counted. */
export const LIBRARY_ENTRY = "export * from './src/index.ts'"
/**
 * A ceiling, not the goal: the target is 4 kB, and the library with reconnect, heartbeat,
 * lifecycle, queue, registry, platform adapters, validation, fair slots and disposal measures
 * ~10.7 kB (see BENCHMARKS.md). This keeps it from growing unnoticed until the target is met or changed.
 */
export const BUDGET_BYTES = 11 * 1024
export const TARGET_BYTES = 4096

/** The library and the peers, each with every feature of its React hook imported. */
export const ENTRIES = {
  'taro-socket-hooks': LIBRARY_ENTRY,
  'react-use-websocket': "export * from 'react-use-websocket'",
  'partysocket/react': "export * from 'partysocket/react'",
  'ahooks useWebSocket': "export { useWebSocket } from 'ahooks'",
}

/** min and min+gzip bytes of everything `code` pulls in, React and Taro left out as an app has them. */
export async function minGzipBytes(code, resolveDir) {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2017',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const bytes = result.outputFiles[0].contents
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/** `root`: the library package folder. */
export async function measureBundles(root) {
  const rows = []
  let ours = 0
  for (const [name, code] of Object.entries(ENTRIES)) {
    const { min, gzip } = await minGzipBytes(code, root)
    if (name === 'taro-socket-hooks') ours = gzip
    rows.push({ package: name, 'min (B)': min, 'min+gzip (B)': gzip, 'vs taro-socket-hooks': +(gzip / ours).toFixed(2) })
  }
  return rows
}
