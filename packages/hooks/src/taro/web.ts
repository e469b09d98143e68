import { OPEN, type SocketTaskLike, type SocketTransport } from '../core/types'

/** The part of a browser-style WebSocket that Taro's H5 and RN SocketTasks keep in `task.ws`. */
interface WebSocketLike {
  readonly readyState: number
  binaryType: string
  send(data: string | ArrayBuffer): void
  close(code?: number, reason?: string): void
  addEventListener(type: string, listener: (event: never) => void): void
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
      if (!ws) return task
      ws.binaryType = 'arraybuffer'
      // Taro frees its own socket count from this handler; the events themselves are read from ws.
      task.onClose(() => undefined)
      // The socket's own events go to the library as they are: it reads `data` from a message,
      // `code` and `reason` from a close, and needs nothing from open or error.
      const on = (type: string) => (callback: (event: never) => void) => ws.addEventListener(type, callback)
      const adapted: SocketTaskLike & { readonly readyState: number } = {
        get readyState() {
          return ws.readyState
        },
        // What ws.send throws (a socket still connecting) the library catches and reports as a
        // failed send, as for any platform's task.
        send({ data, success, fail }) {
          // A closing WebSocket drops what it is given without an error; failing instead keeps
          // the message for the next socket.
          if (ws.readyState !== OPEN) {
            fail?.({ errMsg: 'send:fail socket not open' })
            return
          }
          ws.send(data)
          success?.({})
        },
        close({ code, reason }) {
          try {
            ws.close(code, reason)
          } finally {
            task.close({}) // lets Taro forget the socket; ws is already closing with the real code
          }
        },
        onOpen: on('open'),
        onMessage: on('message'),
        onError: on('error'),
        onClose: on('close'),
      }
      return adapted
    })
}
