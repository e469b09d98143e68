// @ts-check
const js = require('@eslint/js')
const { defineConfig } = require('eslint/config')
const tseslint = require('typescript-eslint')
const reactHooks = require('eslint-plugin-react-hooks')

const sources = ['packages/hooks/src/**/*.{ts,tsx}', 'packages/example-app/src/**/*.{ts,tsx}']
const tests = [
  'packages/hooks/test/**/*.{ts,tsx}',
  'packages/example-app/test/**/*.{ts,tsx}',
  'packages/example-vue/test/**/*.ts',
  'packages/example-test-support/src/**/*.ts',
]

module.exports = defineConfig([
  {
    files: [...sources, ...tests],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      // Type information from each file's nearest tsconfig.json: packages/hooks/tsconfig.json
      // (src and test) and packages/example-app/tsconfig.json (src, test, server, scripts).
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      // Promise mistakes: a promise nobody awaits or catches (a test whose assertion cannot
      // fail, a rejection nobody sees), a promise where a callback's result is ignored or a
      // condition expects a boolean, an await on something that is not a promise, and a
      // promise returned from a try block without await, which the catch then never sees.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Only where a missing await changes which catch or finally sees the rejection; no style.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
    },
  },
  {
    files: sources,
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The example is code people copy: no `!` assertions (say what happens when the value is missing).
    files: ['packages/example-app/src/**/*.{ts,tsx}'],
    // Nor refs read or written during render, nor state set during render.
    plugins: { 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      'react-hooks/refs': 'error',
      'react-hooks/set-state-in-render': 'error',
    },
  },
  {
    // The globals the library's build gets instead of DOM and Node types (tsconfig.build.json);
    // packages/hooks/tsconfig.json leaves it out, so it has no type information to lint with.
    files: ['packages/hooks/src/env.d.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // SocketError merges an interface into the class to declare `cause`, which the constructor
    // sets when given: the same type under ES2020 and ES2022 libs, and nothing left uninitialised.
    files: ['packages/hooks/src/core/errors.ts'],
    rules: { '@typescript-eslint/no-unsafe-declaration-merging': 'off' },
  },
  {
    // The emulated mini-program host hands the app object literals whose methods have their own
    // `this` and reach the host through `host`.
    files: ['packages/example-test-support/src/mini-program-host.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
])
