// min+gzip sizes as users ship them, shared by `pnpm bench` (side by side with the peers) and
// the size budget in `pnpm test`.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const EXTERNAL = ['react', 'react-dom', 'react/jsx-runtime', 'vue', '@tarojs/taro']

/**
 * The published ESM build with every export imported, bundled as Taro's production build does
 * for one platform: `process.env.TARO_ENV` and `process.env.NODE_ENV` replaced by literals.
 */
export const LIBRARY_ENTRY = "export * from './dist/index.js'"
/** The platforms whose builds are measured and held to the budget. */
export const PLATFORMS = ['weapp', 'alipay', 'h5']
/** The budget per platform build, every feature imported. */
export const BUDGET_BYTES = 6 * 1024

/** What most apps import: the hook and the provider. */
export const DEFAULT_ENTRY = "export { useSocket, SocketProvider } from './dist/index.js'"
/**
 * The bar for the default import on each platform (issue 20), enforced by `pnpm test`. Measured
 * at the end of issue 20: 8,196 B weapp, 8,683 B alipay, 8,383 B h5 (before issue 20: 9,646, 10,307 and
 * 9,901 B).
 */
export const DEFAULT_BAR_BYTES = 8704

/**
 * Every export of the main entry. Since issue 20 the optional features (heartbeat, evict, trace,
 * handshake) are among them, so this is more than any app ships.
 */
export const CEILING_BYTES = 9728
/**
 * Alipay's build carries its base64 codec and task adapter (binary as base64 with isBuffer both
 * ways). Measured when lowered: 9,428 B weapp, 10,021 B alipay, 9,622 B h5.
 */
export const CEILING_BYTES_FOR = { alipay: CEILING_BYTES + 384 }

/**
 * The optional features: each is an import of its own, and an app that does not import it ships
 * none of it. `pnpm test` holds each to its budget (bytes added to the default import).
 */
export const FEATURES = {
  'heartbeat()': { code: "export { heartbeat } from './dist/index.js'", budget: 320 },
  'evict()': { code: "export { evict } from './dist/index.js'", budget: 160 },
  'trace()': { code: "export { trace } from './dist/index.js'", budget: 420 },
  'handshake()': { code: "export { handshake } from './dist/index.js'", budget: 640 },
  // Alipay's multiple-task mode (measured 132 B on alipay; an empty function elsewhere, 22-24 B).
  'alipayMultipleTasks()': { code: "export { alipayMultipleTasks } from './dist/index.js'", budget: 160 },
}

/** Bytes a feature adds to the default import on a platform (min+gzip). */
export async function featureBytes(code, root, platform) {
  const base = await minGzipBytes(DEFAULT_ENTRY, root, platform)
  const both = await minGzipBytes(`${DEFAULT_ENTRY}; ${code}`, root, platform)
  return both.gzip - base.gzip
}

/**
 * taro-socket-hooks/topics without the durable outbox: what it adds to an app that already
 * imports the main entry. Raised from 2,048 B when its timers moved to the registry's clock
 * (2,027-2,037 → 2,049-2,054 B), so that tests can move time instead of waiting for it; from
 * 2,100 B when acknowledged publishes came in (issue 19: ids, acks, resend after a drop, the
 * hooks for the durable outbox: 2,054 → 2,793 B on weapp).
 */
export const TOPICS_ENTRY = "export { useTopic, useRequest, topicClient, defineProtocol, jsonProtocol } from './dist/topics.js'"
export const TOPICS_BUDGET_BYTES = 2816
/** The durable outbox (durableOutbox, taroStorage): only apps that call durableOutbox() ship it. */
export const DURABLE_ENTRY = "export { durableOutbox, taroStorage } from './dist/topics.js'"
export const DURABLE_BUDGET_BYTES = 1088

/**
 * taro-socket-hooks/vue: the Vue 3 entry with every export imported, Vue external as an app has it.
 * Held to the React main entry's size on every platform (issue 21): a Vue app pays no more.
 */
export const VUE_ENTRY = "export * from './dist/vue.js'"
/**
 * taro-socket-hooks/vue/topics: what it adds to an app that imports the Vue entry; the same
 * exports as TOPICS_ENTRY, and the same budget.
 */
export const VUE_TOPICS_ENTRY = "export { useTopic, useRequest, topicClient, defineProtocol, jsonProtocol } from './dist/vue-topics.js'"

/** The peers, each with every feature of its React hook imported. */
export const PEERS = {
  'react-use-websocket': "export * from 'react-use-websocket'",
  'partysocket/react': "export * from 'partysocket/react'",
  'ahooks useWebSocket': "export { useWebSocket } from 'ahooks'",
}

/** min and min+gzip bytes of everything `code` pulls in, React and Taro left out as an app has them. */
export async function minGzipBytes(code, resolveDir, taroEnv = 'weapp') {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // Each package as it ships: no further down-levelling.
    target: 'esnext',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': JSON.stringify(taroEnv) },
  })
  const bytes = result.outputFiles[0].contents
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

/** `root`: the library package folder (built). One row per library platform build, then the peers. */
export async function measureBundles(root) {
  const rows = []
  let ours = 0
  for (const platform of PLATFORMS) {
    const { min, gzip } = await minGzipBytes(LIBRARY_ENTRY, root, platform)
    ours = Math.max(ours, gzip)
    rows.push({ package: `taro-socket-hooks (${platform})`, 'min (B)': min, 'min+gzip (B)': gzip })
  }
  for (const [name, code] of Object.entries(PEERS)) {
    const { min, gzip } = await minGzipBytes(code, root)
    rows.push({ package: name, 'min (B)': min, 'min+gzip (B)': gzip })
  }
  for (const row of rows) row['vs taro-socket-hooks (largest)'] = +(row['min+gzip (B)'] / ours).toFixed(2)
  return rows
}
