import { defineConfig, type Options } from 'tsup'
import { MANGLED, productionPlugin } from './build/production'

const shared: Options = {
  format: ['esm', 'cjs'],
  target: 'es2018',
  sourcemap: true,
  treeshake: true,
  external: ['react', '@tarojs/taro', 'ws'],
}

export default defineConfig([
  // The library, compiled with no DOM or Node types (see src/env.d.ts): the main entry,
  // taro-socket-hooks/websocket (the standard WebSocket class) and taro-socket-hooks/topics.
  // Split, so that the entries share one copy of what they have in common (SocketError above all).
  {
    ...shared,
    entry: { index: 'src/index.ts', websocket: 'src/websocket.ts', topics: 'src/topics.ts' },
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
