import type { PlatformEmulator } from '../../src/testing/platform-emulator'

/**
 * An Alipay build on a runtime with multiple-task mode: TARO_ENV is 'alipay' (Taro's build sets
 * it) and the global `my` offers `connectSocket({ multiple: true })`, so a registry made without
 * `connect` picks Alipay's own adapter. Returns the undo.
 */
export function installAlipayMultiple(platform: PlatformEmulator): () => void {
  const g = globalThis as { my?: unknown }
  const taroEnv = process.env.TARO_ENV
  g.my = platform.alipayGlobal()
  process.env.TARO_ENV = 'alipay'
  return () => {
    delete g.my
    process.env.TARO_ENV = taroEnv
  }
}
