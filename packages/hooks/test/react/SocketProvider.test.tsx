import { act, render } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { SocketProvider } from '../../src'
import type { SocketRegistry } from '../../src/core/registry'
import { createTestClock } from '../../src/testing/clock'
import type { PlatformEmulator } from '../../src/testing/platform-emulator'
import type { TestServer } from '../../src/testing/server'
import { settle, until, waitFor } from '../support/wait'
import { Status, text, useReactLoopback, withRegistry as withRegistryOf } from '../support/react-fixture'

const loopback = useReactLoopback()
let server: TestServer
let platform: PlatformEmulator
let registry: SocketRegistry
beforeEach(() => ({ server, platform, registry } = loopback))

const withRegistry = (children: ReactNode, r: SocketRegistry = registry) => withRegistryOf(children, r)

describe('SocketProvider', () => {
  it('closes its sockets at once and removes its app listeners when it unmounts', async () => {
    // The library's time stands still: the sockets close without waiting out any delay.
    const { unmount } = render(
      <SocketProvider {...platform.registryOptions} clock={createTestClock()}>
        <Status id="a" url={`${server.url}/a`} />
        <Status id="b" url={`${server.url}/b`} />
        <Status id="c" url={`${server.url}/a`} />
      </SocketProvider>,
    )
    await until(() => text('a') === 'open' && text('b') === 'open', 'open')
    expect(server.openCount).toBe(2)
    expect(platform.app.listeners).toBe(3)
    unmount()
    await waitFor(() => server.openCount === 0, 'sockets closed')
    expect(platform.app.listeners).toBe(0)
    expect(platform.liveTasks).toBe(0)
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
    await waitFor(() => server.openCount === 0, 'closed on the real unmount')
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
