import { fromBase64, toBase64 } from '../core/base64'
import type { SocketTaskLike, SocketTransport } from '../core/types'
import { alipay } from './alipay'

type Event = 'Open' | 'Message' | 'Error' | 'Close'
type Handler = (result: never) => void

/**
 * Alipay's socket contract, in one place for both of its modes (Taro's one-socket runtime and
 * `my.connectSocket({ multiple: true })`), from my.sendSocketMessage's and my.onSocketMessage's
 * docs: `data` is a String, so binary goes out as base64 with `isBuffer: true`, and binary comes
 * in the same way; it is decoded here, before anyone reads it. With one global socket
 * (`globalSocket`), Taro's runtime turns each task's onOpen… into my.onSocketOpen…, which stay
 * for good: `release` takes them off again (my.offSocketOpen…) once the library is done.
 */
export function alipayTasks(base: SocketTransport, globalSocket: boolean): SocketTransport {
  // Looked up once: the runtime's `my` does not change while the app runs.
  const api = globalSocket && alipay()
  return (options) =>
    base(options).then((task): SocketTaskLike & { readonly readyState: unknown } => {
      const offs: (() => void)[] = []
      // Registers on the task; with one global socket, remembers how to take the handler off again.
      const on = (event: Event, cb: Handler): void => {
        const register = task[`on${event}`] as (cb: Handler) => void
        register.call(task, cb)
        if (api) offs.push(() => api[`offSocket${event}`]?.(cb))
      }
      // A task of our own rather than the platform's with methods swapped: in multiple-task mode
      // it is Alipay's object, not ours to change.
      return {
        // Where the task has a readyState, the library still reads it.
        get readyState() {
          return (task as { readyState?: unknown }).readyState
        },
        // Text goes as it is, with whatever else the option carries.
        send: (option) => task.send(typeof option.data === 'string' ? option : { ...option, data: toBase64(option.data), isBuffer: true }),
        close: (option) => task.close(option),
        onOpen: (cb) => on('Open', cb),
        // Binary arrives as base64 with isBuffer: true; the library's listeners get an ArrayBuffer.
        onMessage: (cb) =>
          on('Message', (res: { data: unknown; isBuffer?: boolean }) =>
            cb(res.isBuffer && typeof res.data === 'string' ? { data: fromBase64(res.data) } : res),
          ),
        onError: (cb) => on('Error', cb),
        onClose: (cb) => on('Close', cb),
        release() {
          for (const off of offs.splice(0)) off()
        },
      }
    })
}
