import path from 'node:path'
import { defineConfig } from '@tarojs/cli'

// Taro's babel rule skips TypeScript in linked workspace packages: compile the library's source,
// and the one file this app shares with the React example (where the server is).
const librarySource = path.resolve(__dirname, '../../hooks/src')
const serverUrl = path.resolve(__dirname, '../../example-app/src/server-url.ts')

export default defineConfig<'webpack5'>(() => ({
  projectName: 'taro-socket-hooks-example-vue',
  date: '2026-11-22',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: process.env.EXAMPLE_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
  plugins: ['@tarojs/plugin-platform-alipay'],
  alias: {
    // The entries the app imports; the more specific first.
    'taro-socket-hooks/vue/topics': path.resolve(librarySource, 'vue-topics.ts'),
    'taro-socket-hooks/vue': path.resolve(librarySource, 'vue.ts'),
    '@example/server-url': serverUrl,
  },
  framework: 'vue3',
  compiler: { type: 'webpack5', prebundle: { enable: false } },
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  // Vue's own flag, which the framework plugin leaves undefined.
  defineConstants: { __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  mini: {
    compile: { include: [librarySource, serverUrl] },
    postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    compile: { include: [librarySource, serverUrl] },
    devServer: { host: '127.0.0.1', port: Number(process.env.EXAMPLE_H5_PORT ?? 10087), open: false, hot: false },
    postcss: {
      autoprefixer: { enable: true },
      cssModules: { enable: false },
      pxtransform: { enable: true, config: { maxRootSize: 24 } },
    },
  },
}))
