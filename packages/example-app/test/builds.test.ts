/**
 * What `build:all` produced for each target: every page, the library's socket code, and the
 * server URL. Fails when a target is missing, so a broken build cannot pass quietly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(__dirname, '..', 'dist')
const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }
const PAGES = ['pages/chat/index', 'pages/feed/index', 'pages/connections/index']

function allJs(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
}

describe.each([
  ['weapp', ['.js', '.json', '.wxml'], 'app.wxss'],
  ['alipay', ['.js', '.json', '.axml'], 'app.acss'],
])('the %s build', (target, pageFiles, style) => {
  const root = join(dist, target)
  it('has every page, listed in app.json', () => {
    const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { pages: string[] }
    expect(app.pages).toEqual(PAGES)
    for (const page of PAGES) for (const ext of pageFiles) expect(existsSync(join(root, page + ext))).toBe(true)
    expect(existsSync(join(root, style))).toBe(true)
  })

  it('carries the socket library with the platform fixed at build time and the server URL', () => {
    const js = allJs(root)
    expect(js).toContain('connectSocket')
    expect(js).toContain(`return"${target}"`) // process.env.TARO_ENV, replaced by the build
    expect(js).toContain('weapp:5')
    expect(js).toContain(info.serverUrl)
  })
})

describe('the h5 build', () => {
  const root = join(dist, 'h5')
  it('has an index page, the socket library and the server URL', () => {
    expect(readFileSync(join(root, 'index.html'), 'utf8')).toContain('<div id="app">')
    const js = allJs(root)
    expect(js).toContain('connectSocket')
    expect(js).toContain('return"h5"')
    expect(js).toContain(info.serverUrl)
    for (const page of ['pages/chat/index', 'pages/feed/index', 'pages/connections/index']) expect(js).toContain(page)
  })
})
