/**
 * A device's key-value storage with Taro's synchronous storage API (getStorageSync,
 * setStorageSync, removeStorageSync, getStorageInfoSync), as the platform enforces it. It belongs
 * to the device, not the app: give the same one to the emulator of a cold start.
 */
export interface EmulatedStorage {
  getStorageSync(key: string): unknown
  setStorageSync(key: string, data: unknown): void
  removeStorageSync(key: string): void
  getStorageInfoSync(): { keys: string[]; currentSize: number; limitSize: number }
  /** Stored keys and text, as the device holds them (tests read and corrupt them). */
  readonly items: Map<string, string>
}

export interface StorageLimits {
  /** Characters one key's data may take once turned into a string. */
  perKey: number
  /** Characters all data may take. */
  total: number
  /** Alipay: failures carry numbered errors (12 total size reached, 14 data too long). */
  numbered?: boolean
}

// WeChat's wx.setStorageSync doc: one key at most 1 MB, all data 10 MB (the same API on QQ, Douyin,
// Baidu, Feishu). Alipay's my.setStorage doc: one key at most 200 KB, all data 10 MB, errors 12
// (total size reached) and 14 (data too long). Taro H5 stores in localStorage (about 5 MB).
const WECHAT_STORAGE: StorageLimits = { perKey: 1024 * 1024, total: 10 * 1024 * 1024 }
const ALIPAY_STORAGE: StorageLimits = { perKey: 200 * 1024, total: 10 * 1024 * 1024, numbered: true }
const H5_STORAGE: StorageLimits = { perKey: 5 * 1024 * 1024, total: 5 * 1024 * 1024 }

// Which platform has which limits.
const LIMITS: Record<string, StorageLimits> = {
  alipay: ALIPAY_STORAGE,
  'alipay-multiple': ALIPAY_STORAGE,
  tini: ALIPAY_STORAGE,
  h5: H5_STORAGE,
  rn: H5_STORAGE,
}

/** A device's storage for a platform (`weapp`, `alipay`, `h5`, … as emulatePlatform names them), or with limits of your own. */
export function emulateStorage(platform: string | StorageLimits): EmulatedStorage {
  const limits = typeof platform === 'string' ? (LIMITS[platform] ?? WECHAT_STORAGE) : platform
  const items = new Map<string, string>()
  const used = () => [...items].reduce((sum, [key, text]) => sum + key.length + text.length, 0)
  const failure = (code: number, errMsg: string) => (limits.numbered ? { error: code, errorMessage: errMsg } : { errMsg })
  return {
    items,
    getStorageSync(key) {
      // A missing key reads as '' (wx.getStorageSync), not undefined.
      const text = items.get(key)
      return text === undefined ? '' : (JSON.parse(text) as unknown)
    },
    setStorageSync(key, data) {
      const text = JSON.stringify(data)
      if (text.length > limits.perKey) throw failure(14, 'setStorageSync:fail data too long')
      if (used() - (items.get(key)?.length ?? 0) + text.length + key.length > limits.total) {
        throw failure(12, 'setStorageSync:fail exceed storage max size')
      }
      items.set(key, text)
    },
    removeStorageSync(key) {
      items.delete(key)
    },
    getStorageInfoSync() {
      return { keys: [...items.keys()], currentSize: Math.ceil(used() / 1024), limitSize: Math.floor(limits.total / 1024) }
    },
  }
}
