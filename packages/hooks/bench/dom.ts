import { JSDOM } from 'jsdom'
import WebSocket from 'ws'

/**
 * A DOM for react-dom, and one socket class for everyone: the peers read the global
 * `WebSocket`, and the library's transport wraps the same class.
 */
export function installDom(): void {
  const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: 'http://127.0.0.1/' })
  const g = globalThis as Record<string, unknown>
  g.window = dom.window
  g.document = dom.window.document
  g.navigator = dom.window.navigator
  g.HTMLElement = dom.window.HTMLElement
  g.WebSocket = WebSocket
  g.IS_REACT_ACT_ENVIRONMENT = false
}
