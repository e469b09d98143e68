/** The example server, fixed at build time (config/index.ts); ws://127.0.0.1:8787 by default. */
export const SERVER_URL: string = process.env.EXAMPLE_SERVER_URL
