/**
 * Every complete example in the README and docs/testing.md (a code block with an import line)
 * type-checks as written, against the package's public entries, with a user's strict settings.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..')
const work = join(root, '.docs-check')

function examples(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/```tsx?\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => /^import /m.test(code))
}

it('type-checks the examples in README.md and docs/testing.md', () => {
  const blocks = [...examples('README.md'), ...examples('docs/testing.md')]
  expect(blocks.length).toBeGreaterThanOrEqual(4)
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work)
  blocks.forEach((code, i) => writeFileSync(join(work, `example-${i}.tsx`), code))
  const src = (path: string) => [join(root, 'src', path)]
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
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
          'taro-socket-hooks/testing': src('testing/index.ts'),
        },
      },
      include: ['*.tsx'],
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
