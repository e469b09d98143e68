// Part of `pnpm test`: each platform's production build of the library, every export
// imported, must stay within the budget (min+gzip, React and Taro external).
import { fileURLToPath } from 'node:url'
import { BUDGET_BYTES, CEILING_BYTES, LIBRARY_ENTRY, PLATFORMS, minGzipBytes } from './bundle-size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
let over = false
for (const platform of PLATFORMS) {
  const { min, gzip } = await minGzipBytes(LIBRARY_ENTRY, root, platform)
  over ||= gzip > CEILING_BYTES
  const verdict = gzip <= BUDGET_BYTES ? 'within the budget' : gzip <= CEILING_BYTES ? 'over the budget, within the ceiling' : 'OVER the ceiling'
  console.log(`taro-socket-hooks (${platform}): ${min} B min, ${gzip} B min+gzip: ${verdict} (budget ${BUDGET_BYTES} B, ceiling ${CEILING_BYTES} B)`)
}
// The WebSocket class is a separate entry; its size, for the record.
const websocket = await minGzipBytes("export * from './dist/websocket.js'", root)
console.log(`taro-socket-hooks/websocket: ${websocket.min} B min, ${websocket.gzip} B min+gzip`)
if (over) process.exit(1)
