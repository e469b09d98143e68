import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const env = process.argv[2] || 'weapp'
const r = await build({ stdin: { contents: "export * from './src/index.ts'", resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', target: process.argv[3] || 'es2017', external: ['react','react-dom','react/jsx-runtime','@tarojs/taro'], write: false, metafile: true, define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': JSON.stringify(env) } })
const b = r.outputFiles[0].contents
console.log(env, 'min', b.length, 'gzip', gzipSync(b, { level: 9 }).length)
const out = Object.values(r.metafile.outputs)[0]
for (const [f, i] of Object.entries(out.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(i.bytesInOutput, f)
