import { screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { SocketProvider, useSocket, type UseSocketOptions } from '../../src'
import type { SocketRegistry } from '../../src/core/registry'
import { createSocketRegistry } from '../../src/taro'
import { emulatePlatform, type PlatformEmulator } from '../../src/testing/platform-emulator'
import { startServer, type TestServer } from '../../src/testing/server'

/**
 * For component tests: a fresh loopback server, an emulated WeChat and a registry on it for
 * every test; a component that shows its socket's status; and a way to read what it shows.
 */
export function useReactLoopback() {
  const state = {} as { server: TestServer; platform: PlatformEmulator; registry: SocketRegistry }
  beforeEach(async () => {
    state.server = await startServer()
    state.platform = emulatePlatform('weapp')
    state.registry = createSocketRegistry({ ...state.platform.registryOptions, releaseDelay: 30 })
  })
  afterEach(async () => {
    state.platform.destroy()
    await state.server.close()
  })
  return state
}

export function withRegistry(children: ReactNode, registry: SocketRegistry) {
  return <SocketProvider registry={registry}>{children}</SocketProvider>
}

export function Status({ url, id, options }: { url: string | null; id: string; options?: UseSocketOptions<string> }) {
  const { status, error } = useSocket<string>(url, options)
  return (
    <p data-testid={id}>
      {status}
      {error ? ` ${error.code}` : ''}
    </p>
  )
}

export const text = (id: string) => screen.getByTestId(id).textContent
