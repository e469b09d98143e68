import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

/**
 * The topics benchmark's server on 127.0.0.1, speaking the library's JSON topic protocol: it
 * confirms each `{type:'subscribe',topic}` with `{type:'subscribed',topic}`. A client sends
 * "go:N:T"; the server sends N events, `{type:'event',topic:'t<i % T>',data,cursor}`, one topic
 * after another over topics t0 … t<T-1>, as fast as the socket takes them (it waits whenever
 * more than 1 MB is buffered).
 */
export async function startTopicBenchServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  const event = (i: number, topics: number) =>
    `{"type":"event","topic":"t${i % topics}","data":{"seq":${i},"symbol":"BTC","price":${(100 + (i % 100) / 10).toFixed(2)}},"cursor":${i}}`
  const paths = new Map<string, number>()
  wss.on('connection', (socket, request) => {
    const path = request.url ?? '/'
    paths.set(path, (paths.get(path) ?? 0) + 1)
    socket.on('close', () => paths.set(path, paths.get(path)! - 1))
    socket.on('message', (data) => {
      const text = data.toString()
      if (text.startsWith('go:')) {
        const [, count, topicCount] = text.split(':')
        const n = Number(count)
        const topics = Number(topicCount)
        let i = 0
        const pump = () => {
          while (i < n) {
            socket.send(event(i++, topics))
            if (socket.bufferedAmount > 1 << 20) return void setImmediate(pump)
          }
        }
        return pump()
      }
      let message: { type?: string; topic?: string }
      try {
        message = JSON.parse(text) as typeof message
      } catch {
        return
      }
      if (message.type === 'subscribe') socket.send(JSON.stringify({ type: 'subscribed', topic: message.topic }))
    })
  })
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    get open() {
      return wss.clients.size
    },
    /** Sockets open on one path. */
    socketsOn: (path: string) => paths.get(path) ?? 0,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate()
        wss.close(() => r())
      }),
  }
}
