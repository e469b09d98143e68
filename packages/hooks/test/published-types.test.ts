/**
 * @jest-environment node
 *
 * The published types show the public API and nothing else: the names each entry's .d.ts exports
 * are listed here, and a name that appears without being added to the list fails the test (an
 * internal type leaking out). Internal members (marked @internal, or mangled by the build) never
 * appear in them. Reads dist/, which `pnpm test` builds first.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { INTERNAL_NAMES } from '../build/production'

const dist = join(__dirname, '..', 'dist')

const PUBLISHED: Record<string, string[]> = {
  'index.d.ts': [
    'AppLifecycle',
    'Clock',
    'CloseEvent',
    'ConnectContext',
    'Connection',
    'ConnectionListener',
    'Dynamic',
    'EvictFeature',
    'Handshake',
    'HandshakeFeature',
    'HandshakeSocket',
    'HeartbeatFeature',
    'HeartbeatOptions',
    'ObservedField',
    'OverflowPolicy',
    'QueryData',
    'RawMessage',
    'ReconnectOptions',
    'SendData',
    'SendOptions',
    'SocketConnectOptions',
    'SocketError',
    'SocketErrorCode',
    'SocketLease',
    'SocketObserver',
    'SocketObserverOptions',
    'SocketProvider',
    'SocketProviderProps',
    'SocketRegistry',
    'SocketRegistryOptions',
    'SocketRegistryStats',
    'SocketRequest',
    'SocketStatus',
    'SocketTaskLike',
    'SocketTransport',
    'TraceEvent',
    'TraceFeature',
    'UseSocketOptions',
    'UseSocketResult',
    'createSocketObserver',
    'createSocketRegistry',
    'defaultSocketRegistry',
    'evict',
    'handshake',
    'heartbeat',
    'isSocketError',
    'trace',
    'useSocket',
    'useSocketRegistry',
    'useSocketStats',
  ],
  'topics.d.ts': [
    'Cursor',
    'DurableOptions',
    'DurableOutboxes',
    'DurableStorage',
    'Field',
    'Incoming',
    'Protocol',
    'PublishOptions',
    'RequestFunction',
    'RequestMap',
    'RequestOptions',
    'RequestSpec',
    'RequestsOf',
    'TaroStorageApi',
    'TopicClient',
    'TopicClientOptions',
    'TopicListener',
    'TopicMap',
    'TopicSpec',
    'TopicState',
    'TopicStatus',
    'TopicSubscriptionOptions',
    'TopicsOf',
    'UseRequestOptions',
    'UseTopicOptions',
    'UseTopicResult',
    'defineProtocol',
    'durableOutbox',
    'jsonProtocol',
    'taroStorage',
    'topicClient',
    'useRequest',
    'useTopic',
  ],
  'websocket.d.ts': [
    'WebSocketClass',
    'WebSocketCloseEvent',
    'WebSocketErrorEvent',
    'WebSocketEvent',
    'WebSocketLike',
    'WebSocketMessageEvent',
    'webSocketFor',
  ],
}

const program = ts.createProgram(
  Object.keys(PUBLISHED).map((f) => join(dist, f)),
  { noEmit: true, skipLibCheck: true },
)
const checker = program.getTypeChecker()

it.each(Object.keys(PUBLISHED))('%s exports exactly the public names', (file) => {
  const source = program.getSourceFile(join(dist, file))!
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.name)
  expect(exported.sort()).toEqual([...PUBLISHED[file]!].sort())
})

it('shows no internal member in any published type', () => {
  const members = new Set<string>()
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.d.ts'))) {
    const visit = (node: ts.Node): void => {
      if ((ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
        members.add(node.name.getText())
      }
      ts.forEachChild(node, visit)
    }
    const source = program.getSourceFile(join(dist, file)) ?? ts.createSourceFile(file, ts.sys.readFile(join(dist, file))!, ts.ScriptTarget.Latest, true)
    visit(source)
  }
  // What the build mangles must never be a name users read or give.
  expect(INTERNAL_NAMES.filter((name) => members.has(name))).toEqual([])
  // The framework layers' members, the registry's request resolution and shared state.
  for (const internal of ['track', 'getVersion', 'resolve', 'shared', 'follows']) expect(members).not.toContain(internal)
})
