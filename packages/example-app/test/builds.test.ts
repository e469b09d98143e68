/**
 * What `build:all` produced for each target: every page, the tab icons, the socket code and
 * the server URL from .env.production. Fails when a target is missing, so a broken build
 * cannot pass quietly. How the bundles behave is test/mini-program.test.ts's job.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(__dirname, '..', 'dist')
const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { serverUrl: string }
const PAGES = ['pages/chat/index', 'pages/feed/index', 'pages/connections/index', 'pages/live/index']

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

  it('has tab icons the tab bar accepts: PNG, under 40 kB, both states', () => {
    // WeChat: list[].iconPath/selectedIconPath; Alipay: items[].icon/activeIcon.
    const { tabBar } = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { tabBar: Record<string, Record<string, string>[]> }
    const items = tabBar.list ?? tabBar.items ?? []
    expect(items.map((item) => item.pagePath)).toEqual(PAGES)
    for (const item of items) {
      for (const icon of [item.iconPath ?? item.icon, item.selectedIconPath ?? item.activeIcon]) {
        const png = readFileSync(join(root, icon!))
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([81, 81])
        expect(png.length).toBeLessThan(40 * 1024)
      }
    }
  })

  it('carries the socket code and the server URL', () => {
    const js = allJs(root)
    expect(js).toContain('connectSocket')
    expect(js).toContain(info.serverUrl)
  })
})

describe('the h5 build', () => {
  const root = join(dist, 'h5')
  it('has an index page, the socket library and the server URL', () => {
    expect(readFileSync(join(root, 'index.html'), 'utf8')).toContain('<div id="app">')
    const js = allJs(root)
    expect(js).toContain('connectSocket')
    expect(js).toContain(info.serverUrl)
    for (const page of PAGES) expect(js).toContain(page)
  })
})
