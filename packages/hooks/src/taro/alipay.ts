import type { PlatformAdapter, SocketConnectOptions, SocketTaskLike } from '../core/types'

type Off = (callback: (result: never) => void) => void

export interface AlipayApi {
  canIUse?(feature: string): boolean
  /** Remove a handler from the global socket (my.offSocketOpen…), where the runtime has them. */
  offSocketOpen?: Off
  offSocketMessage?: Off
  offSocketError?: Off
  offSocketClose?: Off
  connectSocket(option: SocketConnectOptions & { multiple: true; success?: () => void; fail?: (res: unknown) => void }): SocketTaskLike | undefined
}

declare const my: AlipayApi | null | undefined

/** Alipay's global `my`, where the runtime has one (`typeof` is safe on a name never declared). */
export function alipay(): AlipayApi | undefined {
  return (typeof my === 'object' && my) || undefined
}

/** Sockets open at once in Alipay's multiple-task mode: my.connectSocket's error table allows 5. */
const ALIPAY_MULTIPLE_LIMIT = 5

/**
 * Alipay's multiple-task mode, for an app that wants more than one socket on Alipay: give it as
 * the registry's `adapter` (`<SocketProvider adapter={alipayMultipleTasks()}>`). Each socket is a
 * task of its own (`my.connectSocket({ multiple: true })`), up to 5 at once, and keeps the close
 * code and reason. Without it the registry uses Taro's Alipay runtime, which merges the global
 * my.onSocket* functions into every task: one socket for the app, close code and reason dropped.
 * Undefined off Alipay and where the runtime lacks the mode (the registry then uses Taro's).
 */
export function alipayMultipleTasks(): PlatformAdapter | undefined {
  // On TARO_ENV itself: other platforms' builds keep an empty function.
  if (process.env.TARO_ENV === 'alipay') {
    const api = alipay()
    // Asked, not assumed: base libraries before the mode (and the oldest, without canIUse itself)
    // only have the global socket, and there Taro's runtime is the one that works. Asked once:
    // the runtime does not change while the app runs.
    if (api && api.canIUse && api.canIUse('connectSocket.object.multiple')) {
      return {
        connect: (options) =>
          new Promise<SocketTaskLike>((resolve, reject) => {
            // In multiple mode the task comes back at once; `success` only says the call was accepted.
            const task = api.connectSocket({ ...options, multiple: true, fail: reject })
            if (task) resolve(task)
            else reject({ errMsg: 'connectSocket:fail no task returned in multiple mode' })
          }),
        maxConnections: ALIPAY_MULTIPLE_LIMIT,
      }
    }
  }
}
