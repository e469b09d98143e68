import { createApp } from 'vue'
import { alipayMultipleTasks, createSocketPlugin, heartbeat } from 'taro-socket-hooks/vue'
import { SERVER_URL } from '@example/server-url'
import './app.css'

const App = createApp({
  onShow() {},
})

// One registry for the whole app: it knows this platform's socket limit (from TARO_ENV), shares
// sockets between pages, reconnects, and keeps one heartbeat per socket.
App.use(
  createSocketPlugin({
    // The local example server speaks ws://; mini-programs accept it only in their developer
    // tools, and the library refuses it unless asked. A real deployment uses wss://.
    allowInsecure: SERVER_URL.startsWith('ws://'),
    reconnect: { minDelay: 300, maxDelay: 5000, maxAttempts: Infinity },
    // Only apps that import heartbeat() ship it.
    heartbeat: heartbeat({ message: '{"type":"ping"}', interval: 20_000, timeout: 8_000 }),
    // Up to 5 sockets on Alipay, where its runtime has multiple-task mode (undefined elsewhere,
    // and on other platforms: their own sockets).
    adapter: alipayMultipleTasks(),
  }),
)

export default App
