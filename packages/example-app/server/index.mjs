import { startExampleServer } from './example-server.mjs'

const port = Number(process.env.EXAMPLE_SERVER_PORT ?? 8787)
const host = process.env.EXAMPLE_SERVER_HOST ?? '127.0.0.1'
const server = await startExampleServer({ port, host, log: (line) => console.log(`[server] ${line}`) })
console.log(`[server] example WebSocket server on ws://${host}:${server.port} (/echo, /chat, /feed, /live)`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close()
    process.exit(0)
  })
}
