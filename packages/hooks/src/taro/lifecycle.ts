import Taro from '@tarojs/taro'
import type { AppLifecycle } from '../core/types'

type Listener = (...args: never[]) => void
type Api = Record<string, ((callback: Listener) => void) | undefined>

// Runtimes that lack one of these (older ones, RN) simply never call back.
function call(name: string, callback: Listener): void {
  const fn = (Taro as unknown as Api)[name]
  if (typeof fn === 'function') fn.call(Taro, callback)
}

const networkListeners = new Map<(online: boolean) => void, (res: { isConnected?: boolean }) => void>()

/** Taro.onAppHide / onAppShow / onNetworkStatusChange, and their off* pairs. */
export const taroLifecycle: AppLifecycle = {
  onHide: (cb) => call('onAppHide', cb),
  offHide: (cb) => call('offAppHide', cb),
  onShow: (cb) => call('onAppShow', cb),
  offShow: (cb) => call('offAppShow', cb),
  onNetworkChange(cb) {
    const wrapped = (res: { isConnected?: boolean }) => cb(res?.isConnected !== false)
    networkListeners.set(cb, wrapped)
    call('onNetworkStatusChange', wrapped as Listener)
  },
  offNetworkChange(cb) {
    const wrapped = networkListeners.get(cb)
    if (!wrapped) return
    networkListeners.delete(cb)
    call('offNetworkStatusChange', wrapped as Listener)
  },
}
