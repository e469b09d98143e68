import net from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 in front of a server. `blackhole()` makes it keep every
 * connection open but forward nothing, in either direction, and accept new connections
 * that go nowhere: a half-open network that looks alive. `restore()` drops the
 * black-holed connections and forwards again.
 */
export interface BlackholeProxy {
  url: string
  blackhole(): void
  restore(): void
  close(): Promise<void>
}

export async function startBlackholeProxy(targetPort: number): Promise<BlackholeProxy> {
  let forwarding = true
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null; dead: boolean }>()

  const server = net.createServer((client) => {
    const pair = { client, upstream: null as net.Socket | null, dead: !forwarding }
    pairs.add(pair)
    client.on('error', () => undefined)
    client.on('close', () => {
      pair.upstream?.destroy()
      pairs.delete(pair)
    })
    if (pair.dead) return // accepted, and then silence
    const upstream = net.connect(targetPort, '127.0.0.1')
    pair.upstream = upstream
    upstream.on('error', () => client.destroy())
    upstream.on('close', () => !pair.dead && client.destroy())
    client.on('data', (chunk) => !pair.dead && upstream.write(chunk))
    upstream.on('data', (chunk) => !pair.dead && client.write(chunk))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as net.AddressInfo).port

  return {
    url: `ws://127.0.0.1:${port}`,
    blackhole() {
      forwarding = false
      for (const pair of pairs) pair.dead = true
    },
    restore() {
      forwarding = true
      for (const pair of [...pairs]) {
        if (!pair.dead) continue
        pair.client.destroy()
        pair.upstream?.destroy()
        pairs.delete(pair)
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy()
        pair.upstream?.destroy()
      }
      await new Promise((r) => server.close(r))
    },
  }
}
