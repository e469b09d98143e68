import Taro from '@tarojs/taro'
import type { DurableStorage } from '../core/durable'

/** The part of Taro's storage API the durable outbox uses: Taro itself, or a platform's own (tests). */
export interface TaroStorageApi {
  getStorageSync(key: string): unknown
  setStorageSync(key: string, data: unknown): void
  removeStorageSync(key: string): void
  getStorageInfoSync(): { keys: string[] }
}

/**
 * The platform's storage, through Taro (wx/my storage on mini-programs, localStorage on H5), for
 * the registry's `durable` option. It outlives the app: what it keeps is there after a cold start.
 */
// Each call written out as Taro.<api>(…): Taro's H5 build rewrites such calls to its own API
// modules, and its default export need not carry them as properties.
const TARO: TaroStorageApi = {
  getStorageSync: (key) => Taro.getStorageSync(key) as unknown,
  setStorageSync: (key, data) => Taro.setStorageSync(key, data),
  removeStorageSync: (key) => Taro.removeStorageSync(key),
  getStorageInfoSync: () => Taro.getStorageInfoSync(),
}

export function taroStorage(api: TaroStorageApi = TARO): DurableStorage {
  return {
    // A missing key reads as '' on the mini-programs.
    getItem: (key) => {
      const value = api.getStorageSync(key)
      return typeof value === 'string' ? value : null
    },
    setItem: (key, value) => api.setStorageSync(key, value),
    removeItem: (key) => api.removeStorageSync(key),
    keys: () => api.getStorageInfoSync().keys,
  }
}
