import Taro from '@tarojs/taro'
import type { AppLifecycle } from '../core/types'

// Runtimes that lack one of these (older ones, RN) simply never call back.
function call<Callback>(fn: ((callback: Callback) => void) | undefined, callback: Callback): void {
  if (typeof fn === 'function') fn(callback)
}

const networkListeners = new Map<(online: boolean) => void, (res: { isConnected?: boolean }) => void>()

/**
 * Taro.onAppHide / onAppShow / onNetworkStatusChange, and their off* pairs. Each is written out
 * as `Taro.<api>`: Taro's H5 build turns exactly such references into imports of its own API
 * modules, and its default export does not carry them (a lookup by a computed name finds nothing
 * there, and the H5 build would leave these APIs out).
 */
export const taroLifecycle: AppLifecycle = {
  onHide: (cb) => call(Taro.onAppHide, cb),
  offHide: (cb) => call(Taro.offAppHide, cb),
  onShow: (cb) => call(Taro.onAppShow, cb),
  offShow: (cb) => call(Taro.offAppShow, cb),
  onNetworkChange(cb) {
    const wrapped = (res: { isConnected?: boolean }) => cb(res?.isConnected !== false)
    networkListeners.set(cb, wrapped)
    call(Taro.onNetworkStatusChange, wrapped)
  },
  offNetworkChange(cb) {
    const wrapped = networkListeners.get(cb)
    if (!wrapped) return
    networkListeners.delete(cb)
    call(Taro.offNetworkStatusChange, wrapped)
  },
}
