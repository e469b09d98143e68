/**
 * graphql-ws through Taro's real H5 SocketTask and jsdom's WebSocket, on the library's
 * WebSocket class: the registry picks its H5 adapter by itself.
 */
import { createSocketRegistry } from '../../../src/taro'
import { describeGraphqlWs } from '../../support/graphql-suite'

describeGraphqlWs('h5 (Taro runtime)', () => ({
  registry: createSocketRegistry({ platform: 'h5', releaseDelay: 20 }),
  cap: 5,
  teardown: () => undefined,
}))
