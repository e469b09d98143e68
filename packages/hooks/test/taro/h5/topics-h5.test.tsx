/**
 * taro-socket-hooks/topics through Taro's real H5 SocketTask (@tarojs/taro-h5) over jsdom's
 * WebSocket, and Taro's real H5 storage (localStorage): the registry picks its H5 adapter by
 * itself (no `connect` given).
 */
import { createSocketRegistry } from '../../../src/taro'
import { durableOutbox } from '../../../src/core/durable'
import { taroStorage } from '../../../src/taro/storage'
import { describeTopics } from '../../support/topics-suite'

// Ten restarts come faster than `stableAfter` (5 s) lets the retry count start over: allow more retries in a row.
describeTopics('h5 (Taro runtime)', (options) => {
  const storage = taroStorage()
  return {
    registry: createSocketRegistry({
      platform: 'h5',
      releaseDelay: 20,
      reconnect: { minDelay: 5, maxDelay: 20, maxAttempts: 100 },
      durable: durableOutbox({ storage }),
      ...options,
    }),
    storage,
    teardown: () => undefined,
  }
})
