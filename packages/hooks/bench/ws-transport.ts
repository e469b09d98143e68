import WebSocket from 'ws'
import type { SocketTaskLike, SocketTransport } from '../src'
import type { AppLifecycle } from '../src'

/** Taro's SocketTask shape over the same `ws` class the peers get, as Taro's H5 runtime does. */
export const wsTransport: SocketTransport = (options) => {
  const ws = new WebSocket(options.url, options.protocols ?? [])
  ws.binaryType = 'arraybuffer'
  const task: SocketTaskLike & { readonly readyState: number } = {
    get readyState() {
      return ws.readyState
    },
    send({ data, success, fail }) {
      ws.send(data, (err) => (err ? fail?.(err) : success?.(undefined)))
    },
    close({ code, reason }) {
      ws.close(code, reason)
    },
    onOpen: (cb) => ws.addEventListener('open', () => cb({})),
    onMessage: (cb) => ws.addEventListener('message', (e) => cb({ data: e.data })),
    onError: (cb) => ws.addEventListener('error', (e) => cb({ errMsg: e.message })),
    onClose: (cb) => ws.addEventListener('close', (e) => cb({ code: e.code, reason: e.reason })),
  }
  return Promise.resolve(task)
}

/** App events that never fire, counting how many listeners are attached. */
export function countingLifecycle() {
  let listeners = 0
  // Counts the registries listening (hide, show and network each, as a platform would).
  const lifecycle: AppLifecycle = {
    listen() {
      listeners += 3
      return () => {
        listeners -= 3
      }
    },
  }
  return {
    lifecycle,
    get listeners() {
      return listeners
    },
  }
}
