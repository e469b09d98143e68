/// <reference types="@tarojs/taro" />

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'alipay' | 'h5' | 'swan' | 'tt' | 'qq' | 'jd' | 'rn'
    /** Where the example server is, set at build time by config/index.ts. */
    EXAMPLE_SERVER_URL: string
  }
}
declare module '*.scss'
