// Part of `pnpm test`: each platform's production build of the library, every export
// imported, must stay within the budget (min+gzip, React and Taro external).
import { fileURLToPath } from 'node:url'
import {
  BUDGET_BYTES,
  CEILING_BYTES,
  CEILING_BYTES_FOR,
  DEFAULT_BAR_BYTES,
  DEFAULT_ENTRY,
  FEATURES,
  featureBytes,
  DURABLE_BUDGET_BYTES,
  DURABLE_ENTRY,
  LIBRARY_ENTRY,
  PLATFORMS,
  TOPICS_BUDGET_BYTES,
  TOPICS_ENTRY,
  VUE_ENTRY,
  VUE_TOPICS_ENTRY,
  minGzipBytes,
} from './bundle-size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
let over = false
for (const platform of PLATFORMS) {
  // The default import: what an app with useSocket and SocketProvider ships.
  const base = await minGzipBytes(DEFAULT_ENTRY, root, platform)
  over ||= base.gzip > DEFAULT_BAR_BYTES
  console.log(`default import (${platform}): ${base.gzip} B min+gzip: ${base.gzip <= DEFAULT_BAR_BYTES ? 'within' : 'OVER'} the bar of ${DEFAULT_BAR_BYTES} B`)
  for (const [name, { code, budget }] of Object.entries(FEATURES)) {
    const added = await featureBytes(code, root, platform)
    over ||= added > budget
    console.log(`  + ${name}: ${added} B added: ${added <= budget ? 'within' : 'OVER'} its budget of ${budget} B`)
  }
  const { min, gzip } = await minGzipBytes(LIBRARY_ENTRY, root, platform)
  const ceiling = CEILING_BYTES_FOR[platform] ?? CEILING_BYTES
  over ||= gzip > ceiling
  const verdict = gzip <= BUDGET_BYTES ? 'within the budget' : gzip <= ceiling ? 'over the budget, within the ceiling' : 'OVER the ceiling'
  console.log(`taro-socket-hooks (${platform}): ${min} B min, ${gzip} B min+gzip: ${verdict} (budget ${BUDGET_BYTES} B, ceiling ${ceiling} B)`)
  // The topics entry shares the main entry's code; what it adds on top is what its users pay.
  const both = await minGzipBytes(`${LIBRARY_ENTRY}; ${TOPICS_ENTRY}`, root, platform)
  const added = both.gzip - gzip
  over ||= added > TOPICS_BUDGET_BYTES
  console.log(
    `  + taro-socket-hooks/topics: ${added} B min+gzip added: ${added <= TOPICS_BUDGET_BYTES ? 'within' : 'OVER'} its budget of ${TOPICS_BUDGET_BYTES} B`,
  )
  const durable = (await minGzipBytes(`${LIBRARY_ENTRY}; ${TOPICS_ENTRY}; ${DURABLE_ENTRY}`, root, platform)).gzip - both.gzip
  over ||= durable > DURABLE_BUDGET_BYTES
  console.log(
    `  + the durable outbox: ${durable} B min+gzip added: ${durable <= DURABLE_BUDGET_BYTES ? 'within' : 'OVER'} its budget of ${DURABLE_BUDGET_BYTES} B`,
  )
  // The Vue entry (Vue external): no larger than the React main entry on the same platform.
  const vue = await minGzipBytes(VUE_ENTRY, root, platform)
  over ||= vue.gzip > gzip
  console.log(
    `taro-socket-hooks/vue (${platform}): ${vue.min} B min, ${vue.gzip} B min+gzip: ${vue.gzip <= gzip ? 'within' : 'OVER'} the React entry's ${gzip} B`,
  )
  const vueBoth = await minGzipBytes(`${VUE_ENTRY}; ${VUE_TOPICS_ENTRY}`, root, platform)
  const vueAdded = vueBoth.gzip - vue.gzip
  over ||= vueAdded > TOPICS_BUDGET_BYTES
  console.log(
    `  + taro-socket-hooks/vue/topics: ${vueAdded} B min+gzip added: ${vueAdded <= TOPICS_BUDGET_BYTES ? 'within' : 'OVER'} its budget of ${TOPICS_BUDGET_BYTES} B`,
  )
}
// The WebSocket class is a separate entry; its size, for the record.
const websocket = await minGzipBytes("export * from './dist/websocket.js'", root)
console.log(`taro-socket-hooks/websocket: ${websocket.min} B min, ${websocket.gzip} B min+gzip`)
if (over) process.exit(1)
