import type { SocketConnectOptions, SocketTaskLike, SocketTransport } from '../core/types'

type Off = (callback: (result: never) => void) => void

interface AlipayApi {
  canIUse?(feature: string): boolean
  /** Remove a handler from the global socket (my.offSocketOpen…), where the runtime has them. */
  offSocketOpen?: Off
  offSocketMessage?: Off
  offSocketError?: Off
  offSocketClose?: Off
  connectSocket(option: SocketConnectOptions & { multiple: true; success?: () => void; fail?: (res: unknown) => void }): SocketTaskLike | undefined
}

declare const my: AlipayApi | undefined

export function alipay(): AlipayApi | undefined {
  try {
    return typeof my === 'object' && my !== null ? my : undefined
  } catch {
    return undefined
  }
}

/**
 * Alipay's own multiple-task mode (`my.connectSocket({ multiple: true })`), where the runtime
 * offers it. Taro's Alipay runtime instead merges the global my.onSocket* functions into every
 * task, so every task drives one global socket and close code and reason are dropped.
 */
export function alipayMultipleSupported(): boolean {
  const api = alipay()
  return !!api && typeof api.canIUse === 'function' && api.canIUse('connectSocket.object.multiple') === true
}

export const alipayMultipleTransport: SocketTransport = (options) =>
  new Promise<SocketTaskLike>((resolve, reject) => {
    const api = alipay()
    if (!api) return reject({ errMsg: 'connectSocket:fail my is not available' })
    // In multiple mode the task comes back at once; `success` only says the call was accepted.
    const task = api.connectSocket({ ...options, multiple: true, fail: reject })
    if (task) resolve(task)
    else reject({ errMsg: 'connectSocket:fail no task returned in multiple mode' })
  })
