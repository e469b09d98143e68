/**
 * The handshake's own failures, on a clock the test moves: one that never finishes, one that
 * sends what cannot be sent, one that sends after it is over.
 */
import type { Connection } from '../../src/core/connection'
import { isSocketError, type SocketError } from '../../src/core/errors'
import { handshake, type HandshakeSocket } from '../../src/core/handshake'
import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { createTestClock, type TestClock } from '../../src/testing/clock'
import { emulatePlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import { waitFor } from '../support/wait'

let server: TestServer
let platform: PlatformEmulator
let registry: SocketRegistry
let clock: TestClock

beforeEach(async () => {
  server = await startServer()
  platform = emulatePlatform('weapp')
  clock = createTestClock()
  registry = createSocketRegistry({ ...platform.registryOptions, clock, connectTimeout: 1000, reconnect: { minDelay: 100, maxDelay: 100 } })
})
afterEach(async () => {
  registry.dispose()
  platform.destroy()
  await server.close()
})

const errorsOf = (connection: Connection) => {
  const errors: SocketError[] = []
  connection.subscribe({ onError: (error) => errors.push(error) })
  return errors
}

it('fails a handshake that does not finish within connectTimeout with HANDSHAKE_FAILED, and connects again', async () => {
  let calls = 0
  const { connection } = registry.acquire({
    url: server.url,
    // The first never hears back; the second does not wait.
    handshake: handshake((socket) => (++calls === 1 ? new Promise<void>(() => socket.send('waiting forever')) : undefined)),
  })
  const errors = errorsOf(connection)
  await waitFor(() => server.sockets[0]?.received.length === 1, 'the first handshake started')
  await clock.advance(999)
  expect([connection.status, errors]).toEqual(['connecting', []])
  await clock.advance(1)
  await waitFor(() => errors.length === 1, 'timed out')
  expect([isSocketError(errors[0]), errors[0]!.code]).toEqual([true, 'HANDSHAKE_FAILED'])
  await waitFor(() => server.sockets[0]!.closed !== null, 'the first socket closed')
  await clock.advance(100)
  await waitFor(() => connection.status === 'open', 'open on the second try')
  expect(calls).toBe(2)
})

it('fails the connect when the handshake sends what cannot be sent, and refuses a send once it is over', async () => {
  let kept: HandshakeSocket | undefined
  const { connection } = registry.acquire({
    url: server.url,
    handshake: handshake((socket) => {
      kept = socket
      if (socket.attempt === 0) socket.send({ not: 'data' } as never)
    }),
  })
  const errors = errorsOf(connection)
  await waitFor(() => errors.length === 1, 'the bad send failed the handshake')
  expect([errors[0]!.code, (errors[0]!.cause as SocketError).code]).toEqual(['HANDSHAKE_FAILED', 'INVALID_MESSAGE'])
  await clock.advance(100)
  await waitFor(() => connection.status === 'open', 'open on the second try')
  expect(() => kept!.send('late')).toThrow(expect.objectContaining({ code: 'NOT_OPEN' }))
  await expect(kept!.receive()).rejects.toMatchObject({ code: 'NOT_OPEN' })
})
