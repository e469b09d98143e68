/**
 * The /live endpoint's publishes, as a client of the topic protocol meets them over a real
 * socket: acknowledged when they carry an id, refused in words when the socket did not join
 * the room, and published once however often the same id is sent again.
 */
import WebSocket from 'ws'
// @ts-expect-error: the example server is plain JavaScript
import { startExampleServer } from '../server/example-server.mjs'

interface ExampleServer {
  port: number
  close(): Promise<void>
}

interface Incoming {
  type: string
  topic?: string
  id?: string
  data?: { text?: string; cid?: string; user?: string }
  error?: { message: string }
}

let server: ExampleServer
const clients: WebSocket[] = []

beforeAll(async () => {
  server = (await startExampleServer({ port: 0 })) as ExampleServer
})
afterEach(() => {
  for (const client of clients.splice(0)) client.close()
})
afterAll(() => server.close())

/** A client on /live that records what it is sent. */
async function connect() {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/live`)
  clients.push(socket)
  const received: Incoming[] = []
  socket.on('message', (raw) => received.push(JSON.parse(String(raw)) as Incoming))
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const next = async (match: (m: Incoming) => boolean) => {
    const deadline = Date.now() + 30_000
    for (;;) {
      const found = received.find(match)
      if (found) return found
      if (Date.now() > deadline) throw new Error(`nothing matching arrived; got ${JSON.stringify(received)}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  return { send: (message: object) => socket.send(JSON.stringify(message)), received, next }
}

async function joined(topic: string) {
  const client = await connect()
  client.send({ type: 'subscribe', topic })
  await client.next((m) => m.type === 'subscribed' && m.topic === topic)
  return client
}

const events = (client: { received: Incoming[] }, text: string) => client.received.filter((m) => m.type === 'event' && m.data?.text === text)

it('acknowledges a publish that has an id once it is on the topic', async () => {
  const alice = await joined('chat:acks')
  alice.send({ type: 'publish', topic: 'chat:acks', data: { name: 'Alice', user: 'a1', text: 'hello', cid: 'c1' }, id: 'p1' })
  expect(await alice.next((m) => m.type === 'ack')).toEqual({ type: 'ack', id: 'p1' })
  const event = await alice.next((m) => m.type === 'event' && m.data?.text === 'hello')
  expect(event.data).toMatchObject({ user: 'a1', cid: 'c1' })
})

it('refuses, in words, a publish to a room the socket did not join', async () => {
  const stranger = await connect()
  const member = await joined('chat:members')
  stranger.send({ type: 'publish', topic: 'chat:members', data: { name: 'Eve', text: 'let me in' }, id: 'x1' })
  const ack = await stranger.next((m) => m.type === 'ack')
  expect(ack).toEqual({ type: 'ack', id: 'x1', error: { message: 'Not sent: join #members before posting to it.' } })
  // Without an id the refusal is an error message, as before acknowledged publishes.
  stranger.send({ type: 'publish', topic: 'chat:members', data: { name: 'Eve', text: 'still no' } })
  const error = await stranger.next((m) => m.type === 'error')
  expect(error.error?.message).toBe('Not sent: join #members before posting to it.')
  // A message that made it would reach the member before this one.
  member.send({ type: 'publish', topic: 'chat:members', data: { name: 'Bob', text: 'members only' }, id: 'm1' })
  await member.next((m) => m.type === 'ack' && m.id === 'm1')
  expect(member.received.filter((m) => m.type === 'event' && m.data?.text !== 'members only')).toEqual([])
})

it('refuses a message longer than 500 characters instead of cutting it', async () => {
  const alice = await joined('chat:long')
  alice.send({ type: 'publish', topic: 'chat:long', data: { name: 'Alice', text: 'x'.repeat(501) }, id: 'l1' })
  const ack = await alice.next((m) => m.type === 'ack')
  expect(ack.error?.message).toBe('Not sent: a message can be at most 500 characters (this one has 501).')
  alice.send({ type: 'publish', topic: 'chat:long', data: { name: 'Alice', text: 'y'.repeat(500) }, id: 'l2' })
  await alice.next((m) => m.type === 'ack' && m.id === 'l2' && !m.error)
  expect((await alice.next((m) => m.type === 'event')).data?.text).toHaveLength(500)
})

it('publishes a resent id once and acknowledges it each time, even from a new connection', async () => {
  const alice = await joined('chat:resend')
  const watcher = await joined('chat:resend')
  const publish = { type: 'publish', topic: 'chat:resend', data: { name: 'Alice', user: 'a1', text: 'only once' }, id: 'r1' }
  alice.send(publish)
  await alice.next((m) => m.type === 'ack' && m.id === 'r1')
  // The connection dropped before the ack arrived, so the outbox sends it again on the next one.
  const again = await joined('chat:resend')
  again.send(publish)
  expect(await again.next((m) => m.type === 'ack')).toEqual({ type: 'ack', id: 'r1' })
  // Another user's publish with the same id is a different message.
  watcher.send({ ...publish, data: { name: 'Bob', user: 'b1', text: 'mine too' } })
  await watcher.next((m) => m.type === 'ack' && m.id === 'r1')
  await watcher.next((m) => m.type === 'event' && m.data?.text === 'mine too')
  expect(events(watcher, 'only once')).toHaveLength(1)
  expect(events(again, 'only once')).toHaveLength(0)
})
