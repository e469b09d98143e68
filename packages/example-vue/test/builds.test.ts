/**
 * What `build:all` produced for each target: both pages, the Vue runtime, the socket code and the
 * server URL. How the bundles behave is mini-program.test.ts's and e2e.test.ts's job.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(__dirname, '..', 'dist')
const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string; builds: Record<string, { seconds: number }> }
const PAGES = ['pages/chat/index', 'pages/live/index']

const allJs = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')

afterAll(() => console.log(`Vue example build times (s): ${JSON.stringify(Object.fromEntries(Object.entries(info.builds).map(([t, b]) => [t, b.seconds])))}`))

describe.each([
  ['weapp', ['.js', '.json', '.wxml']],
  ['alipay', ['.js', '.json', '.axml']],
])('the %s build', (target, pageFiles) => {
  const root = join(dist, target)
  it('has both pages, listed in app.json, and no React', () => {
    const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { pages: string[] }
    expect(app.pages).toEqual(PAGES)
    for (const page of PAGES) for (const ext of pageFiles) expect(existsSync(join(root, page + ext))).toBe(true)
    const js = allJs(root)
    expect(js).toContain('connectSocket')
    expect(js).toContain(info.serverUrl)
    expect(js).not.toMatch(/react\.production|__SECRET_INTERNALS_DO_NOT_USE|reactjs\.org\/docs\/error-decoder/)
  })
})

it('the h5 build has an index page, both pages and the server URL', () => {
  const root = join(dist, 'h5')
  expect(readFileSync(join(root, 'index.html'), 'utf8')).toContain('<div id="app">')
  const js = allJs(root)
  expect(js).toContain(info.serverUrl)
  for (const page of PAGES) expect(js).toContain(page)
})
