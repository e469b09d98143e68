/**
 * @jest-environment node
 *
 * The package as users get it. The package is packed with `pnpm pack` from a copy of what a
 * fresh clone has after `pnpm install` (sources and node_modules, no dist), so packing has to
 * build it (`prepack`). Then:
 *
 * 1. every file package.json names (`exports`, `typesVersions`, `main`, `module`, `types`) is in the tarball;
 * 2. docs/testing.md's "complete Jest setup" works in a fresh project: the tarball, React 18,
 *    Taro's own packages and the doc's install line from the npm registry (one `npm install`,
 *    default npm cache), every file the doc names written as the doc gives it (a page on
 *    @tarojs/components typing and tapping against a real `ws` server, the echo and topics
 *    examples), type-checked as a Taro app's tsconfig would, and that project's own jest run.
 *
 * Slow (a build and an install): bounded by the timeouts below.
 */
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { docBlocks } from './doc-blocks'

const hooks = join(__dirname, '..')
const repo = join(hooks, '..', '..')
const manifest = JSON.parse(readFileSync(join(hooks, 'package.json'), 'utf8')) as {
  name: string
  files: string[]
  main: string
  module: string
  types: string
  exports: Record<string, unknown>
  typesVersions: Record<string, Record<string, string[]>>
  peerDependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const MINUTE = 60_000

interface Run {
  code: number | null
  output: string
}

/** Runs a command to its end (or kills it at `timeout`), with its output. */
function run(command: string, args: string[], options: { cwd: string; timeout: number; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      const killed = error?.killed ? `\n(killed after ${options.timeout} ms)` : ''
      resolve({ code, output: `${stdout}${stderr}${killed}` })
    })
  })
}

function expectSuccess(what: string, result: Run): void {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output.slice(-20_000)}`)
}

/** pnpm as this test was started (`pnpm test`, `pnpm exec jest`), else from PATH. */
function pnpm(args: string[]): [string, string[]] {
  const execpath = process.env.npm_execpath
  if (execpath && /pnpm/.test(basename(execpath))) return /\.c?js$/.test(execpath) ? [process.execPath, [execpath, ...args]] : [execpath, args]
  return ['pnpm', args]
}

/**
 * The environment of a user's shell: without what pnpm and jest set for this run (npm_package_*,
 * npm_lifecycle_*, pnpm's own npm_config_* settings, JEST_WORKER_ID), keeping npm's registry,
 * cache and proxy settings.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|userconfig|globalconfig|(https?_|no_?)proxy|proxy|noproxy|cafile|ca|strict_ssl|@.*:registry|\/\/.*)$/i
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(name) && !keep.test(name)) continue
    if (/^(JEST_WORKER_ID|NODE_ENV|PNPM_.*|INIT_CWD)$/.test(name)) continue
    env[name] = value
  }
  return env
}

/** Every file path a package.json field names, as `./dist/…`. */
function namedFiles(): string[] {
  const found = new Set<string>([manifest.main, manifest.module, manifest.types])
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.add(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(manifest.exports)
  walk(manifest.typesVersions)
  return [...found].sort()
}

let work: string
let tarball: string
let listing: string[]

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'taro-socket-hooks-package-'))
  // A fresh clone after `pnpm install`: the root's tsconfig.base.json and node_modules, the
  // package's sources and node_modules; no dist (it is git-ignored, made by the build).
  const clone = join(work, 'clone')
  const pkg = join(clone, 'packages', 'hooks')
  mkdirSync(pkg, { recursive: true })
  cpSync(join(repo, 'tsconfig.base.json'), join(clone, 'tsconfig.base.json'))
  symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'), 'dir')
  symlinkSync(join(hooks, 'node_modules'), join(pkg, 'node_modules'), 'dir')
  const sources = ['package.json', 'LICENSE', 'README.md', 'src', 'build', 'tsup.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.testing.json']
  for (const entry of new Set([...sources, ...manifest.files.filter((f) => f !== 'dist')])) {
    if (existsSync(join(hooks, entry))) cpSync(join(hooks, entry), join(pkg, entry), { recursive: true })
  }
  expect(existsSync(join(pkg, 'dist'))).toBe(false)

  const out = join(work, 'packed')
  mkdirSync(out)
  const [command, args] = pnpm(['pack', '--pack-destination', out])
  expectSuccess('pnpm pack', await run(command, args, { cwd: pkg, timeout: 4 * MINUTE }))
  const packed = readdirSync(out).filter((f) => f.endsWith('.tgz'))
  expect(packed).toHaveLength(1)
  tarball = join(out, packed[0]!)
  const list = await run('tar', ['-tzf', tarball], { cwd: work, timeout: MINUTE })
  expectSuccess('tar -tzf', list)
  listing = list.output.split('\n').filter(Boolean)
}, 5 * MINUTE)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

it('packs, from a fresh clone, every file package.json names', () => {
  const named = namedFiles()
  // All four entries, ESM, CJS and types, and the new testing/components among them.
  expect(named).toEqual(expect.arrayContaining(['./dist/index.js', './dist/index.cjs', './dist/index.d.ts', './dist/testing-components.d.cts']))
  expect(named.length).toBeGreaterThanOrEqual(20)
  const missing = named.filter((file) => file !== './package.json' && !listing.includes(`package/${file.replace(/^\.\//, '')}`))
  expect(missing).toEqual([])
  expect(listing).toEqual(expect.arrayContaining(['package/package.json', 'package/LICENSE', 'package/README.md', 'package/docs/testing.md']))
})

// Not from the doc: every stand-in loads from the packed build through the doc's mapping, and
// renders; the entry's types resolve with moduleResolution "node" (typesVersions).
const allComponents = `import { render } from '@testing-library/react'
import { Button, Image, Input, ScrollView, Text, Textarea, View } from '@tarojs/components'
import * as standIns from 'taro-socket-hooks/testing/components'

it('maps @tarojs/components to the stand-ins', () => {
  const mapped = { Button, Image, Input, ScrollView, Text, Textarea, View }
  for (const [name, component] of Object.entries(mapped)) expect([name, component]).toEqual([name, standIns[name as keyof typeof mapped]])
  expect(typeof View).toBe('function')
})

it('has every stand-in', () => {
  const { container } = render(
    <View>
      <Text>text</Text>
      <ScrollView scrollY>
        <Image src="https://example.com/a.png" />
      </ScrollView>
      <Input value="a" />
      <Textarea value="b" />
      <Button>button</Button>
    </View>,
  )
  expect([...container.querySelectorAll('*')].map((e) => e.tagName.toLowerCase())).toEqual(['div', 'span', 'div', 'img', 'input', 'textarea', 'button'])
})
`

// A Taro app's usual tsconfig (moduleResolution "node": types through typesVersions), stricter,
// with what the doc says the tests need.
const tsconfig = {
  compilerOptions: {
    target: 'es2017',
    module: 'commonjs',
    moduleResolution: 'node',
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    allowSyntheticDefaultImports: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['jest', 'node'],
  },
  include: ['src', 'test'],
}

it(
  "runs docs/testing.md's Jest setup in a fresh project installed from the tarball",
  async () => {
    const blocks = docBlocks('docs/testing.md')
    const files = blocks.filter((b): b is typeof b & { file: string } => b.file !== undefined)
    expect(files.map((b) => b.file).sort()).toEqual(
      expect.arrayContaining([
        'jest.config.js',
        'src/pages/chat/index.tsx',
        'test/chat.test.tsx',
        'test/echo.test.tsx',
        'test/price.test.tsx',
        'test/setup.js',
        'test/taro-stub.js',
      ]),
    )
    const install = blocks.filter((b) => b.lang === 'sh' && /^npm i(nstall)? /.test(b.code))
    expect(install).toHaveLength(1)
    const [npm, ...installArgs] = install[0]!.code.trim().split(/\s+/)
    expect(npm).toBe('npm')

    // The app: React 18 and Taro 4 (the versions this repository tests with), and the tarball.
    const app = join(work, 'app')
    mkdirSync(app)
    const taro = manifest.devDependencies['@tarojs/taro']!
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        {
          name: 'taro-app',
          private: true,
          dependencies: {
            [manifest.name]: `file:${tarball}`,
            react: '^18.3.1',
            'react-dom': '^18.3.1',
            '@tarojs/taro': taro,
            '@tarojs/components': manifest.devDependencies['@tarojs/components']!,
          },
        },
        null,
        2,
      ),
    )
    // The doc's install line as written, in one install that brings the app's dependencies too.
    const env = userEnv()
    expectSuccess('npm install', await run('npm', [...installArgs, '--no-audit', '--no-fund'], { cwd: app, env, timeout: 5 * MINUTE }))
    const version = (name: string) => (JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    const major = (name: string) => version(name).split('.')[0]
    expect(major('react')).toBe('18')
    // The doc's line gives React 18's types to a React 18 app.
    expect(major('@types/react')).toBe('18')
    expect(major('@types/react-dom')).toBe('18')

    for (const { file, code } of files) {
      mkdirSync(dirname(join(app, file)), { recursive: true })
      writeFileSync(join(app, file), code)
    }
    writeFileSync(join(app, 'test', 'components.test.tsx'), allComponents)
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))

    expectSuccess(
      'tsc',
      await run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, env, timeout: 3 * MINUTE }),
    )
    const jest = await run(process.execPath, [join(app, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--runInBand'], {
      cwd: app,
      env,
      timeout: 5 * MINUTE,
    })
    expectSuccess("the project's jest", jest)
    // Every test file ran and passed: the doc's three and the stand-ins'.
    expect(jest.output).toMatch(/Test Suites: 4 passed, 4 total/)
    expect(jest.output).not.toMatch(/skipped|todo/)
    // No React warning (act(), unknown DOM props, controlled inputs) in the run.
    expect(jest.output).not.toMatch(/Warning:|console\.error/)
  },
  15 * MINUTE,
)
