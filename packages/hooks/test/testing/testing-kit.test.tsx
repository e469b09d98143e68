/**
 * The example from docs/testing.md, as a user would write it: only the public entries
 * (`taro-socket-hooks` and `taro-socket-hooks/testing`).
 */
import { act, render, screen, waitFor as waitForScreen } from '@testing-library/react'
import { SocketProvider, useSocket } from '../../src'
import { emulatePlatform, startTestServer, waitFor } from '../../src/testing'

function Echo() {
  const { status, lastMessage, send } = useSocket<string>('ws://127.0.0.1:' + port + '/echo')
  return (
    <>
      <p data-testid="status">{status}</p>
      <p data-testid="last">{lastMessage ?? ''}</p>
      <button onClick={() => void send('hello')}>send</button>
    </>
  )
}

let port = 0

it('sends and receives through an emulated WeChat platform and a real server', async () => {
  const server = await startTestServer() // echoes "echo:<message>"
  port = server.port
  const weapp = emulatePlatform('weapp')
  render(
    <SocketProvider {...weapp.registryOptions}>
      <Echo />
    </SocketProvider>,
  )
  // What the screen shows: Testing Library's waitFor (it lets React commit between checks).
  await waitForScreen(() => expect(screen.getByTestId('status').textContent).toBe('open'))
  act(() => screen.getByText('send').click())
  await waitForScreen(() => expect(screen.getByTestId('last').textContent).toBe('echo:hello'))
  expect(server.sockets[0]!.received).toEqual(['hello'])

  // What WeChat does in the background: the socket dies silently; coming back reconnects.
  act(() => weapp.app.hide({ killSockets: true }))
  act(() => weapp.app.show())
  // What the server sees: the kit's waitFor, inside act() because the component updates meanwhile.
  await act(() => waitFor(() => server.sockets.length === 2 && server.openCount === 1, 'reconnected'))
  await waitForScreen(() => expect(screen.getByTestId('status').textContent).toBe('open'))

  weapp.destroy()
  await server.close()
})
