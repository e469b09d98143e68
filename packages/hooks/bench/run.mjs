// `pnpm bench`: bundles bench/main.ts (the library from source, node_modules left external)
// and runs it with --expose-gc so the churn test can measure the heap after collection.
// Arguments (e.g. --write) go through to bench/main.ts.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('.', import.meta.url))
mkdirSync(`${here}.out`, { recursive: true })
await build({
  entryPoints: [`${here}main.ts`],
  outfile: `${here}.out/main.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  alias: { '@tarojs/taro': `${here}taro-stub.ts` },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})
const result = spawnSync(process.execPath, ['--expose-gc', `${here}.out/main.mjs`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', BENCH_OUT: here },
})
process.exit(result.status ?? 1)
