/**
 * The durable outbox's limits and failures, on emulated devices' storage (each platform's own
 * limits): a full outbox, storage that refuses, an entry that cannot be read, binary kept across
 * a cold start. The delivery guarantees themselves run on every setup in the topics suite.
 */
import { durableOutbox, type DurableOptions } from '../../src/core/durable'
import { isSocketError, type SocketError } from '../../src/core/errors'
import { defineProtocol, jsonProtocol } from '../../src/core/protocol'
import type { SocketRegistry } from '../../src/core/registry'
import { topicClient } from '../../src/core/topics'
import { createSocketRegistry } from '../../src/taro'
import { taroStorage } from '../../src/taro/storage'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import type { EmulatedStorage } from '../../src/testing/storage'
import { startTopicServer, type TopicServer } from '../support/topic-server'
import { waitFor } from '../support/wait'

const OUTBOX = 'taro-socket-hooks:outbox:'
const acked = jsonProtocol({ acks: true })

let platform: PlatformEmulator
let registry: SocketRegistry
const servers: { close(): Promise<void> }[] = []

/** The app starting on a device (a fresh one, or the storage an earlier run left). */
function start(name: EmulatedPlatform, durable: Omit<DurableOptions, 'storage'> = {}, device?: EmulatedStorage) {
  platform = emulatePlatform(name, { storage: device })
  registry = createSocketRegistry({
    ...platform.registryOptions,
    releaseDelay: 20,
    reconnect: { minDelay: 5, maxDelay: 20 },
    durable: durableOutbox({ storage: taroStorage(platform.storage), ...durable }),
  })
  return platform.storage
}
/** The app is killed: its sockets die, its registry is dropped; the device's storage stays. */
function kill(): EmulatedStorage {
  platform.destroy()
  registry.dispose()
  return platform.storage
}
const kept = (device: EmulatedStorage) => [...device.items.keys()].filter((key) => key.startsWith(OUTBOX))
async function topicServer(options: Parameters<typeof startTopicServer>[0] = {}): Promise<TopicServer> {
  const server = await startTopicServer(options)
  servers.push(server)
  return server
}

afterEach(async () => {
  registry.dispose()
  platform.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const codeOf = (outcome: unknown) => (isSocketError(outcome) ? outcome.code : outcome)

it('rejects a durable publish over maxMessages or maxBytes with OUTBOX_FULL, and delivers the ones kept', async () => {
  const server = await topicServer({ acks: true })
  await server.server.stop()
  const device = start('weapp', { maxMessages: 3, maxBytes: 400 })
  const chat = topicClient(registry, { url: server.url }, acked)
  const outcomes = ['a', 'b', 'c', 'd'].map((text) => chat.publish('room', text, { durable: true }).then(() => 'acked', codeOf))
  expect(await outcomes[3]).toBe('OUTBOX_FULL')
  expect(kept(device)).toHaveLength(3)
  await server.server.start()
  expect(await Promise.all(outcomes.slice(0, 3))).toEqual(['acked', 'acked', 'acked'])
  expect(kept(device)).toEqual([])

  // Bytes too: one message that would take the outbox over maxBytes is refused, whatever the count.
  const big = await chat.publish('room', 'x'.repeat(500), { durable: true }).catch(codeOf)
  expect(big).toBe('OUTBOX_FULL')
  expect(server.published.ids).toHaveLength(3)
})

it("rejects a message the platform's storage will not take with STORAGE_FAILED and the platform's error, and keeps the others", async () => {
  const server = await topicServer({ acks: true })
  await server.server.stop()
  // Alipay's my.setStorage takes at most 200 KB per key (error 14).
  const device = start('alipay-multiple', { maxBytes: 1024 * 1024 })
  const chat = topicClient(registry, { url: server.url }, acked)
  const small = chat.publish('room', 'kept', { durable: true })
  const refused = (await chat.publish('room', 'x'.repeat(250 * 1024), { durable: true }).catch((e: unknown) => e)) as SocketError
  expect([isSocketError(refused), refused.code, refused.platformCode]).toEqual([true, 'STORAGE_FAILED', 14])
  expect(kept(device)).toHaveLength(1)
  await server.server.start()
  await small
  expect(server.published.ids).toHaveLength(1)
  expect(kept(device)).toEqual([])
})

it('reports a kept message it cannot read with STORAGE_CORRUPT, removes it, and delivers the others after a cold start', async () => {
  const server = await topicServer({ acks: true })
  await server.server.stop()
  start('weapp')
  const chat = topicClient(registry, { url: server.url }, acked)
  const first = ['one', 'two', 'three'].map((text) => chat.publish('room', text, { durable: true }).catch(codeOf))
  const device = kill()
  expect(await Promise.all(first)).toEqual(['DISPOSED', 'DISPOSED', 'DISPOSED'])
  // Something else on the device overwrote the second message's entry.
  const damaged = kept(device).find((key) => device.items.get(key)!.includes('two'))!
  device.items.set(damaged, JSON.stringify('not an outbox entry'))

  const errors: SocketError[] = []
  start('weapp', { onError: (error) => errors.push(error) }, device)
  await server.server.start()
  topicClient(registry, { url: server.url }, acked)
  await waitFor(() => kept(device).length === 0, 'storage empty')
  expect(errors.map((e) => [e.code, e.cause])).toEqual([['STORAGE_CORRUPT', 'not an outbox entry']])
  expect(server.log.filter((l) => l.message.type === 'publish').map((l) => l.message.data)).toEqual(['one', 'three'])
})

it('keeps a binary durable message byte-exact across a cold start, and lets it go once handed to the socket where there are no acks', async () => {
  const server: TestServer = await startServer({ echo: false })
  servers.push(server)
  await server.stop()
  // A binary protocol: each publish is its bytes (every byte value), no acks.
  const bytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i))
  const binary = defineProtocol({ encode: () => bytes.slice().buffer, confirms: false })
  start('weapp')
  const pending = topicClient(registry, { url: server.url }, binary).publish('room', null, { durable: true }).catch(codeOf)
  const device = kill()
  expect(await pending).toBe('DISPOSED')
  expect(kept(device)).toHaveLength(1)

  start('weapp', {}, device)
  await server.start()
  topicClient(registry, { url: server.url }, binary)
  // Handed to the socket locally first; the server reads it a moment later.
  await waitFor(() => kept(device).length === 0 && server.sockets.some((s) => s.binary.length > 0), 'handed to the socket and received')
  const frames = server.sockets.flatMap((s) => s.binary)
  expect(frames.map((f) => [...f])).toEqual([[...bytes]])
})

it('rejects a durable publish with INVALID_OPTIONS when the registry has no storage', async () => {
  const server = await topicServer({ acks: true })
  platform = emulatePlatform('weapp')
  registry = createSocketRegistry({ ...platform.registryOptions })
  const refused = await topicClient(registry, { url: server.url }, acked)
    .publish('room', 'hi', { durable: true })
    .catch((e: unknown) => e)
  expect([codeOf(refused), (refused as Error).message]).toEqual(['INVALID_OPTIONS', expect.stringContaining('taroStorage()')])
})
