/** The example server the build was made for, from `.env.development` / `.env.production` (ws://127.0.0.1:8787 by default). */
const BUILT_URL: string = process.env.TARO_APP_SOCKET_URL

/**
 * H5 only: a `server` parameter in the page's query (before the `#` of the hash router), as in
 * `http://127.0.0.1:10086/?server=ws%3A%2F%2F127.0.0.1%3A9000#/pages/chat/index`, points this
 * page at another server without a rebuild (the tests start theirs on a free port). Parsed by
 * hand: mini-program engines have no URLSearchParams, and this file ships to them too.
 */
function fromPageQuery(): string | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof location === 'undefined') return undefined
  const match = /[?&]server=([^&#]*)/.exec(location.search)
  if (!match) return undefined
  let value: string
  try {
    value = decodeURIComponent((match[1] ?? '').replace(/\+/g, ' '))
  } catch {
    return undefined
  }
  // Only a WebSocket address (a path is kept, a query is not); anything else keeps the built one.
  return /^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value) ? value.replace(/\/+$/, '') : undefined
}

/** Where every page's sockets go: the page's `?server=` on H5, else the built URL. No trailing slash. */
export const SERVER_URL: string = fromPageQuery() ?? BUILT_URL
