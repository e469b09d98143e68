import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

/**
 * One server on 127.0.0.1 for every contender. A client sends "go:N"; the server sends N
 * small JSON messages as fast as the socket takes them (it waits whenever more than 1 MB is
 * buffered), then counts how many sockets are open.
 */
export async function startBenchServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  const payload = (i: number) => `{"seq":${i},"symbol":"BTC","price":${(100 + (i % 100) / 10).toFixed(2)}}`
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const text = data.toString()
      if (!text.startsWith('go:')) return
      const n = Number(text.slice(3))
      let i = 0
      const pump = () => {
        while (i < n) {
          socket.send(payload(i++))
          if (socket.bufferedAmount > 1 << 20) return void setImmediate(pump)
        }
      }
      pump()
    })
  })
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    get open() {
      return wss.clients.size
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate()
        wss.close(() => r())
      }),
  }
}
