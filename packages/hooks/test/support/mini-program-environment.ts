import JsdomEnvironment from 'jest-environment-jsdom'

/**
 * The web globals that mini-program JavaScript engines do not have. Tests run without
 * them, so the library cannot lean on them by accident.
 */
export const MISSING_IN_MINI_PROGRAMS = [
  'WebSocket',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'Blob',
  'structuredClone',
] as const

export default class MiniProgramEnvironment extends JsdomEnvironment {
  override async setup(): Promise<void> {
    await super.setup()
    const global = this.global as unknown as Record<string, unknown>
    for (const name of MISSING_IN_MINI_PROGRAMS) delete global[name]
  }
}
