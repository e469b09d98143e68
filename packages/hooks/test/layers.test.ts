/**
 * The layers, as the folder names say: core/ is framework-free, taro/ is the only place that
 * knows Taro, react/ is the only place that knows React.
 */
import { readdirSync, readFileSync } from 'node:fs'
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
      expect(from).not.toMatch(/^\.\.\/(taro|react|testing)\b/)
    }
  })

  it.each(core.map((f) => [relative(src, f), f]))('%s reads no process.env and touches no platform global', (_, file) => {
    const text = code(file)
    expect(text).not.toMatch(/process\.env/)
    expect(text).not.toMatch(/\b(my|wx|tt|swan|qq|Taro|window|document|globalThis)\s*[.[]/)
  })
})

it('only taro/ imports @tarojs/taro or reads TARO_ENV', () => {
  const outside = [...files('core'), ...files('react'), join(src, 'index.ts'), join(src, 'messages.ts')]
  for (const file of outside) {
    expect(imports(file).filter((from) => from.startsWith('@tarojs/'))).toEqual([])
    expect(code(file)).not.toMatch(/TARO_ENV/)
  }
  expect(files('taro').some((file) => imports(file).includes('@tarojs/taro'))).toBe(true)
})

it('only react/ imports React', () => {
  for (const file of [...files('core'), ...files('taro')]) expect(imports(file).filter((from) => /^react/.test(from))).toEqual([])
})
