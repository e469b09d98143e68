import Taro from '@tarojs/taro'
import type { AppLifecycle } from '../core/types'

// Runtimes that lack one of these (older ones, RN) simply never call back.
function call<Callback>(fn: ((callback: Callback) => void) | undefined, callback: Callback): void {
  if (typeof fn === 'function') fn(callback)
}

/**
 * Taro.onAppHide / onAppShow / onNetworkStatusChange, and their off* pairs. Each is written out
 * as `Taro.<api>`: Taro's H5 build turns exactly such references into imports of its own API
 * modules, and its default export does not carry them (a lookup by a computed name finds nothing
 * there, and the H5 build would leave these APIs out).
 */
export const taroLifecycle: AppLifecycle = {
  listen(events) {
    // Functions of their own, so that the off* calls remove exactly these.
    const hide = () => events.hide()
    const show = () => events.show()
    const network = (res: { isConnected?: boolean }) => events.network(res?.isConnected !== false)
    call(Taro.onAppHide, hide)
    call(Taro.onAppShow, show)
    call(Taro.onNetworkStatusChange, network)
    return () => {
      call(Taro.offAppHide, hide)
      call(Taro.offAppShow, show)
      call(Taro.offNetworkStatusChange, network)
    }
  },
}
