import type { Config } from 'jest'

const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$|^.+\\.mjs$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2020',
      },
      module: { type: 'commonjs' },
    },
  ],
}

// Taro's H5 runtime ships ES modules; let them through the transform.
const transformIgnorePatterns = ['/node_modules/(?!\\.pnpm|@tarojs/)', '/node_modules/\\.pnpm/(?!@tarojs)']

const hooks = '<rootDir>/packages/hooks'

const miniProgram = {
  displayName: 'mini-program',
  // jsdom for React, with the web globals mini-program engines lack taken away.
  testEnvironment: `${hooks}/test/support/mini-program-environment.ts`,
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  testMatch: [`${hooks}/test/**/*.test.ts?(x)`],
  testPathIgnorePatterns: ['/node_modules/', '/test/taro/h5/', '/test/react19\\.test\\.ts$'],
  moduleNameMapper: { '^@tarojs/taro$': `${hooks}/test/support/taro-emulated.ts` },
  transform,
  transformIgnorePatterns,
} satisfies Config

// The devDependency aliases react19 and react-dom19 of taro-socket-hooks.
const react19 = `${hooks}/node_modules/react19`
const reactDom19 = `${hooks}/node_modules/react-dom19`

const config: Config = {
  // Waits for states are bounded at 30 s (a busy machine is slow); a test gets room for a few.
  testTimeout: 90_000,
  projects: [
    miniProgram,
    {
      ...miniProgram,
      displayName: 'react-19',
      // The hooks again, on React 19: react and react-dom (and whatever imports them) get the 19 copies.
      testMatch: [
        `${hooks}/test/react/**/*.test.ts?(x)`,
        `${hooks}/test/testing/**/*.test.ts?(x)`,
        `${hooks}/test/behaviour/fault-injection.test.tsx`,
        `${hooks}/test/react19.test.ts`,
      ],
      testPathIgnorePatterns: ['/node_modules/'],
      moduleNameMapper: {
        ...miniProgram.moduleNameMapper,
        '^react$': react19,
        '^react/(.*)$': `${react19}/$1`,
        '^react-dom$': reactDom19,
        '^react-dom/(.*)$': `${reactDom19}/$1`,
      },
    },
    {
      displayName: 'taro-h5',
      // Taro's real H5 SocketTask over jsdom's WebSocket.
      testEnvironment: 'jsdom',
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      testMatch: [`${hooks}/test/taro/h5/**/*.test.ts?(x)`],
      moduleNameMapper: { '^@tarojs/taro$': `${hooks}/test/support/taro-h5.ts` },
      setupFiles: [`${hooks}/test/support/h5-build-env.ts`],
      globals: {
        ENABLE_INNER_HTML: true,
        ENABLE_ADJACENT_HTML: true,
        ENABLE_SIZE_APIS: true,
        ENABLE_TEMPLATE_CONTENT: true,
        ENABLE_CLONE_NODE: true,
        ENABLE_CONTAINS: true,
        ENABLE_MUTATION_OBSERVER: true,
      },
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'example-app',
      // Checks the three builds, then drives the H5 build in Debian's Chromium.
      testEnvironment: 'node',
      testMatch: ['<rootDir>/packages/example-app/test/**/*.test.ts'],
      transform,
    },
    {
      displayName: 'example-vue',
      // The Vue example: its three builds, its mini-program bundles on the emulated logic layer,
      // its H5 build in Debian's Chromium.
      testEnvironment: 'node',
      testMatch: ['<rootDir>/packages/example-vue/test/**/*.test.ts'],
      transform,
    },
  ],
}

export default config
