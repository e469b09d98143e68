import type { PlatformEmulator } from '../../src/testing/platform-emulator'

/**
 * An Alipay build: TARO_ENV is 'alipay' (Taro's build sets it) and the global `my` is the
 * emulator's. On 'alipay-multiple' `my` offers `connectSocket({ multiple: true })`, which an app
 * opts into with `adapter: alipayMultipleTasks()`; on 'alipay'/'tini' it offers the global
 * my.offSocket* that remove handlers. Returns the undo.
 */
export function installAlipayBuild(platform: PlatformEmulator): () => void {
  const g = globalThis as { my?: unknown }
  const taroEnv = process.env.TARO_ENV
  g.my = platform.alipayGlobal()
  process.env.TARO_ENV = 'alipay'
  return () => {
    delete g.my
    if (taroEnv === undefined) delete process.env.TARO_ENV
    else process.env.TARO_ENV = taroEnv
  }
}

/** An Alipay build on a runtime with multiple-task mode (give it an 'alipay-multiple' emulator); the app still opts in. */
export const installAlipayMultiple = installAlipayBuild
