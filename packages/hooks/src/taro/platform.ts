/**
 * How many sockets each platform lets an app hold at once.
 * Sources: Taro's connectSocket doc (WeChat 5 since base library 1.7.0), uni-app's platform notes
 * (QQ 5, Baidu several since 1.9.4, Alipay 1), Tini's doc (1), Taro 4's H5 runtime (refuses a 6th)
 * and React Native runtime (refuses a 3rd).
 */
const LIMITS: Readonly<Record<string, number>> = { weapp: 5, qq: 5, tt: 5, lark: 5, swan: 5, h5: 5, rn: 2 }

/** Platforms not listed (Alipay on Taro's runtime, Tini, old runtimes) get one: the only safe number. */
export function socketLimitFor(platform: string | undefined): number {
  return (platform && LIMITS[platform]) || 1
}

/**
 * The platform this build is for. Taro's build replaces `process.env.TARO_ENV` with a literal,
 * so comparisons with it are decided at build time and other platforms' code falls away.
 */
export function buildPlatform(): string | undefined {
  return process.env.TARO_ENV || undefined
}
