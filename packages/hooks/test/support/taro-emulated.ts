// `@tarojs/taro` in the mini-program test project: connectSocket goes to whichever
// platform emulator the test installed with `useTaroPlatform`.
import type { PlatformEmulator } from '../../src/testing/platform-emulator'

let current: PlatformEmulator | null = null

export function useTaroPlatform(emulator: PlatformEmulator | null): void {
  current = emulator
}

function connectSocket(option: Parameters<PlatformEmulator['connectSocket']>[0]) {
  if (!current) throw new Error('No platform emulator installed; call useTaroPlatform() first.')
  return current.connectSocket(option)
}

export default { connectSocket }
