/** The example server, from `.env.development` / `.env.production` (ws://127.0.0.1:8787 by default). */
export const SERVER_URL: string = process.env.TARO_APP_SOCKET_URL
