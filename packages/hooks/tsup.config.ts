import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  format: ['esm', 'cjs'],
  target: 'es2018',
  sourcemap: true,
  treeshake: true,
  external: ['react', '@tarojs/taro', 'ws'],
}

export default defineConfig([
  // The library: compiled with no DOM or Node types (see src/env.d.ts).
  { ...shared, entry: { index: 'src/index.ts' }, tsconfig: 'tsconfig.build.json', dts: true },
  // taro-socket-hooks/websocket: the standard WebSocket class, for apps that use one.
  { ...shared, entry: { websocket: 'src/websocket.ts' }, tsconfig: 'tsconfig.build.json', dts: true },
  // The test kit, for Node: a real `ws` client emulating each platform.
  { ...shared, entry: { testing: 'src/testing/index.ts' }, tsconfig: 'tsconfig.testing.json', dts: true, target: 'node18' },
])
