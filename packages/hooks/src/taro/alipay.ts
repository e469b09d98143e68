import type { SocketConnectOptions, SocketTaskLike, SocketTransport } from '../core/types'

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

/**
 * Alipay's own multiple-task mode (`my.connectSocket({ multiple: true })`), where the runtime
 * offers it; undefined where it does not. Taro's Alipay runtime instead merges the global
 * my.onSocket* functions into every task, so every task drives one global socket and close code
 * and reason are dropped. Decided once, when the registry is made: the runtime does not change.
 */
export function alipayMultipleTransport(): SocketTransport | undefined {
  const api = alipay()
  // canIUse itself is missing on the oldest base libraries: no multiple mode there either.
  if (api && api.canIUse && api.canIUse('connectSocket.object.multiple')) {
    return (options) =>
      new Promise<SocketTaskLike>((resolve, reject) => {
        // In multiple mode the task comes back at once; `success` only says the call was accepted.
        const task = api.connectSocket({ ...options, multiple: true, fail: reject })
        if (task) resolve(task)
        else reject({ errMsg: 'connectSocket:fail no task returned in multiple mode' })
      })
  }
}
