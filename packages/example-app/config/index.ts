import path from 'node:path'
import { defineConfig } from '@tarojs/cli'

// Taro's babel rule skips TypeScript in linked workspace packages: compile the library's source.
const librarySource = path.resolve(__dirname, '../../hooks/src')

export default defineConfig<'webpack5'>(() => ({
  projectName: 'taro-socket-hooks-example',
  date: '2026-11-22',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  // `pnpm start` sets EXAMPLE_OUTPUT_ROOT (dist/h5-dev): a watch build empties its output
  // directory first, and dist/h5 is the production build the tests read.
  outputRoot: process.env.EXAMPLE_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
  plugins: ['@tarojs/plugin-platform-alipay'],
  alias: {
    // The entries the app imports; the more specific first.
    'taro-socket-hooks/topics': path.resolve(librarySource, 'topics.ts'),
    'taro-socket-hooks': path.resolve(librarySource, 'index.ts'),
  },
  framework: 'react',
  // Prebundling and fast refresh break `taro build --watch` in this workspace layout; a plain
  // rebuild on change is quick enough for an example.
  compiler: { type: 'webpack5', prebundle: { enable: false } },
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  mini: {
    compile: { include: [librarySource] },
    postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    compile: { include: [librarySource] },
    // EXAMPLE_WRITE_TO_DISK: the development build the browser test reads from disk (build-all.mjs).
    devServer: {
      host: '127.0.0.1',
      port: Number(process.env.EXAMPLE_H5_PORT ?? 10086),
      open: false,
      hot: false,
      ...(process.env.EXAMPLE_WRITE_TO_DISK ? { devMiddleware: { writeToDisk: true }, client: false, liveReload: false } : {}),
    },
    postcss: {
      autoprefixer: { enable: true },
      cssModules: { enable: false },
      // Taro scales rem with the window; stop at 24 px so desktop text stays text-sized.
      pxtransform: { enable: true, config: { maxRootSize: 24 } },
    },
  },
}))
