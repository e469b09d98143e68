/**
 * Every complete example in the README and docs/testing.md (a code block with an import line)
 * type-checks as written, against the package's public entries, with a user's strict settings.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { docBlocks } from './doc-blocks'

const root = join(__dirname, '..')
const work = join(root, '.docs-check')

// TypeScript blocks with an import line; a block named as a file (`` `test/chat.test.tsx`: ``)
// is written there, so that its relative imports (the page it tests) resolve.
function examples(file: string) {
  return docBlocks(file).filter((b) => /^tsx?$/.test(b.lang) && /^import /m.test(b.code))
}

it('type-checks the examples in README.md and docs/testing.md', () => {
  const blocks = [...examples('README.md'), ...examples('docs/testing.md')]
  expect(blocks.length).toBeGreaterThanOrEqual(4)
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work)
  blocks.forEach(({ code, file }, i) => {
    const path = join(work, file ?? `example-${i}.tsx`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, code)
  })
  const src = (path: string) => [join(root, 'src', path)]
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: true,
        jsx: 'react-jsx',
        module: 'esnext',
        moduleResolution: 'bundler',
        target: 'es2020',
        lib: ['es2020', 'dom'],
        types: ['jest', 'node'],
        isolatedModules: true,
        // As an app that installed the package sees it.
        paths: {
          'taro-socket-hooks': src('index.ts'),
          'taro-socket-hooks/websocket': src('websocket.ts'),
          'taro-socket-hooks/topics': src('topics.ts'),
          'taro-socket-hooks/vue': src('vue.ts'),
          'taro-socket-hooks/vue/topics': src('vue-topics.ts'),
          'taro-socket-hooks/core': src('core-entry.ts'),
          'taro-socket-hooks/testing': src('testing/index.ts'),
          'taro-socket-hooks/testing/components': src('testing/components.ts'),
        },
      },
      include: ['**/*.ts', '**/*.tsx'],
    }),
  )
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', work], { encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    throw new Error(`an example does not compile:\n${(error as { stdout: string }).stdout}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}, 60_000)
