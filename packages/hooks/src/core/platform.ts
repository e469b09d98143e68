/**
 * How many sockets each platform lets an app hold at once.
 * Sources: the platforms' connectSocket docs, and Taro 4's own H5 and RN runtimes.
 */
export const PLATFORM_SOCKET_LIMITS: Readonly<Record<string, number>> = {
  weapp: 5, // WeChat base library >= 1.7.0
  qq: 5,
  tt: 5, // Douyin
  lark: 5,
  swan: 5, // Baidu >= 1.9.4 allows several; 5 keeps to the common floor
  h5: 5, // Taro's H5 runtime refuses a 6th
  rn: 2, // Taro's React Native runtime refuses a 3rd
  alipay: 1, // one socket; a new one silently closes the old
}

/** Platforms not listed (Tini, old runtimes) get one socket: the only safe number. */
export const UNKNOWN_PLATFORM_LIMIT = 1

export function socketLimitFor(platform: string | undefined): number {
  return (platform !== undefined && PLATFORM_SOCKET_LIMITS[platform]) || UNKNOWN_PLATFORM_LIMIT
}

/**
 * Taro's build replaces `process.env.TARO_ENV` with a literal; at run time in a
 * mini-program there is no `process`, hence the try.
 */
export function detectPlatform(): string | undefined {
  try {
    return process.env.TARO_ENV || undefined
  } catch {
    return undefined
  }
}
