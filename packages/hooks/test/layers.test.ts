/**
 * The layers, as the folder names say: core/ is framework-free, taro/ is the only place that
 * knows Taro, react/ is the only place that knows React and vue/ the only place that knows Vue.
 * The built entries keep to it: a Vue app loads no React, a React app no Vue.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const src = join(__dirname, '..', 'src')

function files(dir: string): string[] {
  return readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(src, dir, f))
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!)
const code = (file: string) => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')

describe('core/', () => {
  const core = files('core')

  it('has its modules', () => {
    expect(core.map((f) => relative(join(src, 'core'), f)).sort()).toEqual(
      expect.arrayContaining(['attempt.ts', 'connection.ts', 'machine.ts', 'reconnect.ts', 'registry.ts', 'observer.ts', 'types.ts']),
    )
  })

  it.each(core.map((f) => [relative(src, f), f]))('%s imports nothing from Taro, React or the outer layers', (_, file) => {
    for (const from of imports(file)) {
      expect(from).not.toMatch(/^@tarojs\//)
      expect(from).not.toMatch(/^react/)
      expect(from).not.toMatch(/^vue$/)
      expect(from).not.toMatch(/^\.\.\/(taro|react|vue|testing)\b/)
    }
  })

  // NODE_ENV is every bundler's development switch, not a platform: checks that only help a
  // developer (misused options the types already refuse) may sit behind it.
  it.each(core.map((f) => [relative(src, f), f]))('%s reads no process.env but NODE_ENV and touches no platform global', (_, file) => {
    const text = code(file)
    expect(text).not.toMatch(/process\.env(?!\.NODE_ENV\b)/)
    expect(text).not.toMatch(/\b(my|wx|tt|swan|qq|Taro|window|document|globalThis)\s*[.[]/)
  })
})

it('only taro/ imports @tarojs/taro or reads TARO_ENV', () => {
  const entries = ['index.ts', 'topics.ts', 'vue.ts', 'vue-topics.ts', 'core-entry.ts', 'framework-free.ts', 'framework-free-topics.ts', 'messages.ts']
  const outside = [...files('core'), ...files('react'), ...files('vue'), ...entries.map((f) => join(src, f))]
  for (const file of outside) {
    expect(imports(file).filter((from) => from.startsWith('@tarojs/'))).toEqual([])
    expect(code(file)).not.toMatch(/TARO_ENV/)
  }
  expect(files('taro').some((file) => imports(file).includes('@tarojs/taro'))).toBe(true)
})

// Taro's H5 build turns `Taro.<api>` into an import of that API and leaves out every API it does
// not see so; its default export carries none of them. A lookup by a computed name, or `Taro`
// handed around as an object, finds nothing in an H5 app (app events never arrived that way).
it("taro/ reaches Taro only as Taro.<api>, which Taro's H5 build can see", () => {
  for (const file of files('taro')) {
    const body = code(file).replace(/^import .*$/gm, '')
    const uses = [...body.matchAll(/\bTaro\b(\s*\.\s*[A-Za-z_$]\w*)?/g)]
    expect([file, uses.filter((use) => use[1] === undefined).map((use) => body.slice(use.index, use.index + 20))]).toEqual([file, []])
  }
})

it('only react/ imports React, and only vue/ imports Vue', () => {
  const vueSide = [...files('vue'), join(src, 'vue.ts'), join(src, 'vue-topics.ts')]
  const reactSide = [...files('react'), join(src, 'index.ts'), join(src, 'topics.ts')]
  const neither = [...files('core'), ...files('taro'), join(src, 'core-entry.ts'), join(src, 'framework-free.ts'), join(src, 'framework-free-topics.ts')]
  for (const file of [...neither, ...vueSide])
    expect([file, imports(file).filter((from) => /^react/.test(from) || from.includes('/react/'))]).toEqual([file, []])
  for (const file of [...neither, ...reactSide]) expect([file, imports(file).filter((from) => from === 'vue' || /\/vue\//.test(from))]).toEqual([file, []])
  expect(vueSide.some((file) => imports(file).includes('vue'))).toBe(true)
})

/** Every bare module a built entry loads, following its chunks. */
function loads(entry: string): string[] {
  const dist = join(__dirname, '..', 'dist')
  const seen = new Set<string>()
  const bare = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, from] of readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import)\s*["']([^"']+)["']/g)) {
      if (from!.startsWith('./')) visit(from!.slice(2))
      else bare.add(from!)
    }
  }
  visit(entry)
  return [...bare].sort()
}

describe('the built entries (ESM)', () => {
  beforeAll(() => {
    // `pnpm test` builds the package before Jest runs.
    if (!existsSync(join(__dirname, '..', 'dist', 'vue.js'))) throw new Error('dist/ is missing: run pnpm --filter taro-socket-hooks build first')
  })

  it.each([
    ['index.js', ['@tarojs/taro', 'react', 'react/jsx-runtime']],
    ['topics.js', ['@tarojs/taro', 'react']],
    ['vue.js', ['@tarojs/taro', 'vue']],
    ['vue-topics.js', ['@tarojs/taro', 'vue']],
    ['core.js', ['@tarojs/taro']],
    ['websocket.js', []],
  ])('%s loads only %j', (entry, modules) => {
    expect(loads(entry)).toEqual(modules)
  })
})
