import { defineConfig, type Options } from 'tsup'
import { MANGLED, productionPlugin } from './build/production'

const shared: Options = {
  format: ['esm', 'cjs'],
  target: 'es2018',
  sourcemap: true,
  treeshake: true,
  external: ['react', 'vue', '@tarojs/taro', 'ws'],
}

export default defineConfig([
  // The library, compiled with no DOM or Node types (see src/env.d.ts): the main (React) entry,
  // taro-socket-hooks/websocket (the standard WebSocket class), taro-socket-hooks/topics, the Vue
  // entries taro-socket-hooks/vue and taro-socket-hooks/vue/topics, and taro-socket-hooks/core
  // (neither framework).
  // Split, so that the entries share one copy of what they have in common (SocketError above all).
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      websocket: 'src/websocket.ts',
      topics: 'src/topics.ts',
      vue: 'src/vue.ts',
      'vue-topics': 'src/vue-topics.ts',
      core: 'src/core-entry.ts',
    },
    tsconfig: 'tsconfig.build.json',
    dts: true,
    splitting: true,
    // Error parameters in development builds only; internal names shortened (build/production.ts).
    esbuildPlugins: [productionPlugin],
    esbuildOptions(options) {
      options.mangleProps = MANGLED
    },
  },
  // The test kit, for Node: a real `ws` client emulating each platform; and
  // taro-socket-hooks/testing/components, DOM stand-ins for @tarojs/components in Jest (React only).
  {
    ...shared,
    entry: { testing: 'src/testing/index.ts', 'testing-components': 'src/testing/components.ts' },
    tsconfig: 'tsconfig.testing.json',
    dts: true,
    target: 'node18',
  },
])
