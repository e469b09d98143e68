import type { PropsWithChildren } from 'react'
import { SocketProvider, alipayMultipleTasks, heartbeat } from 'taro-socket-hooks'
import { durableOutbox, taroStorage } from 'taro-socket-hooks/topics'
import { SERVER_URL } from './server-url'
import './app.css'

// Live's chat messages are kept in the device's storage until the server has them (module level:
// made once, like the registry).
const durable = durableOutbox({ storage: taroStorage() })

// One heartbeat per socket; made once, and only apps that import heartbeat() ship it.
const PING = heartbeat({ message: '{"type":"ping"}', interval: 20_000, timeout: 8_000 })

// The Connections page shows up to 5 sockets at once: on Alipay that takes its multiple-task mode,
// where the runtime has it (undefined elsewhere, and on other platforms: their own sockets).
const ADAPTER = alipayMultipleTasks()

// One registry for the whole app: it knows this platform's socket limit (from TARO_ENV),
// shares sockets between pages, reconnects, and keeps one heartbeat per socket.
export default function App({ children }: PropsWithChildren) {
  return (
    <SocketProvider
      // The local example server speaks ws://; mini-programs accept it only in their developer
      // tools, and the library refuses it unless asked. A real deployment uses wss://.
      allowInsecure={SERVER_URL.startsWith('ws://')}
      reconnect={{ minDelay: 300, maxDelay: 5000, maxAttempts: Infinity }}
      heartbeat={PING}
      adapter={ADAPTER}
      durable={durable}
    >
      {children}
    </SocketProvider>
  )
}
