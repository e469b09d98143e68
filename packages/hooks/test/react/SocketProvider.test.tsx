import { act, render, screen } from '@testing-library/react'
import { StrictMode, useState, type ReactNode } from 'react'
import { SocketProvider, useSocket, type SocketError, type UseSocketOptions } from '../../src'
import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type EmulatedPlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'
import { useTaroPlatform } from '../support/taro-emulated'
import { settle, until, waitFor } from '../support/wait'

let server: TestServer
let platform: PlatformEmulator
let registry: SocketRegistry

beforeEach(async () => {
  server = await startServer()
  platform = emulatePlatform('weapp')
  registry = createSocketRegistry({ ...platform.registryOptions, releaseDelay: 30 })
})
afterEach(async () => {
  platform.destroy()
  await server.close()
})

function withRegistry(children: ReactNode, r: SocketRegistry = registry) {
  return <SocketProvider registry={r}>{children}</SocketProvider>
}

function Status({ url, id, options }: { url: string | null; id: string; options?: UseSocketOptions<string> }) {
  const { status, error } = useSocket<string>(url, options)
  return (
    <p data-testid={id}>
      {status}
      {error ? ` ${error.code}` : ''}
    </p>
  )
}

const text = (id: string) => screen.getByTestId(id).textContent

describe('SocketProvider', () => {
  it('closes its sockets and removes its app listeners when it unmounts', async () => {
    const { unmount } = render(
      <SocketProvider {...platform.registryOptions}>
        <Status id="a" url={`${server.url}/a`} />
        <Status id="b" url={`${server.url}/b`} />
        <Status id="c" url={`${server.url}/a`} />
      </SocketProvider>,
    )
    await until(() => text('a') === 'open' && text('b') === 'open', 'open')
    expect(server.openCount).toBe(2)
    expect(platform.app.listeners).toBe(3)
    const started = Date.now()
    unmount()
    await waitFor(() => server.openCount === 0, 'sockets closed', 300)
    const elapsed = Date.now() - started
    expect(elapsed).toBeLessThan(300)
    expect(platform.app.listeners).toBe(0)
    expect(platform.liveTasks).toBe(0)
    console.info(`provider unmount: 0 sockets at the server after ${elapsed} ms`)
  })

  it('keeps its sockets through a StrictMode unmount and remount: one socket per URL', async () => {
    const { unmount } = render(
      <StrictMode>
        <SocketProvider {...platform.registryOptions}>
          <Status id="a" url={`${server.url}/a`} />
          <Status id="b" url={`${server.url}/b`} />
        </SocketProvider>
      </StrictMode>,
    )
    await until(() => text('a') === 'open' && text('b') === 'open', 'open')
    await act(() => settle(100))
    expect(platform.calls).toHaveLength(2)
    expect(server.sockets.map((s) => s.closed)).toEqual([null, null])
    unmount()
    await waitFor(() => server.openCount === 0, 'closed on the real unmount', 300)
  })

  it('leaves a registry it was given open: that one is the app’s to dispose', async () => {
    const { unmount } = render(withRegistry(<Status id="a" url={server.url} />))
    await until(() => text('a') === 'open', 'open')
    unmount()
    await settle(60) // past the release delay: the socket closes because nobody uses it
    await waitFor(() => server.openCount === 0, 'released')
    const again = registry.acquire({ url: server.url })
    await waitFor(() => again.connection.status === 'open', 'the registry still works')
    registry.dispose()
    await waitFor(() => server.openCount === 0, 'disposed by the app')
  })
})
