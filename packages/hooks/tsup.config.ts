import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.build.json',
  target: 'es2017',
  clean: true,
  sourcemap: true,
  treeshake: true,
  external: ['react', '@tarojs/taro'],
})
