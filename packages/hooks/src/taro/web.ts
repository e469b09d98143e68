import { OPEN, type SocketTaskLike, type SocketTransport } from '../core/types'

/** The part of a browser-style WebSocket that Taro's H5 and RN SocketTasks keep in `task.ws`. */
interface WebSocketLike {
  readonly readyState: number
  binaryType: string
  send(data: string | ArrayBuffer): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void
}

/**
 * H5 and React Native: Taro's SocketTask wraps a real WebSocket but keeps one handler per
 * event, drops the close code and reason the app gives, reports 1006 when it has no close
 * detail of its own, rejects send before open and never sets binaryType (binary arrives as
 * Blob). This adapter still lets Taro open the socket and count it, then drives `task.ws`
 * directly: ArrayBuffer binary, the real close code both ways, any number of listeners.
 */
export function webTransport(base: SocketTransport): SocketTransport {
  return (options) =>
    base(options).then((task) => {
      const ws = (task as { ws?: WebSocketLike }).ws
      if (!ws || typeof ws.addEventListener !== 'function') return task
      ws.binaryType = 'arraybuffer'
      // Taro frees its own socket count from this handler; the events themselves are read from ws.
      task.onClose(() => undefined)
      const adapted: SocketTaskLike & { readonly readyState: number } = {
        get readyState() {
          return ws.readyState
        },
        send({ data, success, fail }) {
          if (ws.readyState !== OPEN) return fail?.({ errMsg: 'send:fail the socket is not open' })
          try {
            ws.send(data)
          } catch (error) {
            return fail?.(error)
          }
          success?.({ errMsg: 'send:ok' })
        },
        close({ code, reason }) {
          try {
            ws.close(code, reason)
          } finally {
            task.close({}) // lets Taro forget the socket; ws is already closing with the real code
          }
        },
        onOpen: (cb) => ws.addEventListener('open', () => cb({})),
        onMessage: (cb) => ws.addEventListener('message', (e) => cb({ data: e.data })),
        onError: (cb) => ws.addEventListener('error', () => cb({ errMsg: 'WebSocket error' })),
        onClose: (cb) => ws.addEventListener('close', (e) => cb({ code: e.code, reason: e.reason ?? '' })),
      }
      return adapted
    })
}
