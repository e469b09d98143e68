// @ts-check
const js = require('@eslint/js')
const { defineConfig } = require('eslint/config')
const tseslint = require('typescript-eslint')
const reactHooks = require('eslint-plugin-react-hooks')

module.exports = defineConfig([
  {
    files: ['packages/hooks/src/**/*.{ts,tsx}', 'packages/example-app/src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // SocketError merges an interface into the class to declare `cause`, which the constructor
    // sets when given: the same type under ES2020 and ES2022 libs, and nothing left uninitialised.
    files: ['packages/hooks/src/core/errors.ts'],
    rules: { '@typescript-eslint/no-unsafe-declaration-merging': 'off' },
  },
])
