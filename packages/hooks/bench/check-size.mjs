// Part of `pnpm test`: the library's min+gzip size must stay within its budget.
import { fileURLToPath } from 'node:url'
import { BUDGET_BYTES, LIBRARY_ENTRY, TARGET_BYTES, minGzipBytes } from './bundle-size.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { min, gzip } = await minGzipBytes(LIBRARY_ENTRY, root)
const verdict = gzip <= BUDGET_BYTES ? 'within' : 'OVER'
console.log(
  `taro-socket-hooks: ${min} B min, ${gzip} B min+gzip, ${verdict} the ${BUDGET_BYTES} B ceiling` +
    (gzip > TARGET_BYTES ? ` (target ${TARGET_BYTES} B not met)` : ''),
)
if (gzip > BUDGET_BYTES) process.exit(1)
