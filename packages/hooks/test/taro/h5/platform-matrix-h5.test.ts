/**
 * The behaviour suite through Taro's real H5 SocketTask (@tarojs/taro-h5) and jsdom's
 * WebSocket: the registry picks its H5 adapter by itself (no `connect` given).
 */
import { createSocketRegistry } from '../../../src/taro'
import { startServer } from '../../../src/testing/server'
import { describeSocketBehaviour } from '../../support/behaviour-suite'

describeSocketBehaviour('h5 (Taro runtime)', async (overrides) => {
  const server = await startServer()
  const registry = createSocketRegistry({ platform: 'h5', releaseDelay: 20, reconnect: { minDelay: 10, maxDelay: 50 }, ...overrides.registry })
  return { registry, server, cap: 5, teardown: () => server.close() }
})
