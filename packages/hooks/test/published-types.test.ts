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

// The framework-free part every entry of its kind shares (src/framework-free.ts and
// src/framework-free-topics.ts).
const FRAMEWORK_FREE = [
  'AppEvents',
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
  'PlatformAdapter',
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
  'SocketRegistry',
  'SocketRegistryOptions',
  'SocketRegistryStats',
  'SocketRequest',
  'SocketStatus',
  'SocketTaskLike',
  'SocketTransport',
  'TraceEvent',
  'TraceFeature',
  'alipayMultipleTasks',
  'createSocketObserver',
  'createSocketRegistry',
  'defaultSocketRegistry',
  'evict',
  'handshake',
  'heartbeat',
  'isSocketError',
  'trace',
]
const FRAMEWORK_FREE_TOPICS = [
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
  'defineProtocol',
  'durableOutbox',
  'jsonProtocol',
  'taroStorage',
  'topicClient',
]
const HOOKS_TOPICS = ['UseRequestOptions', 'UseTopicOptions', 'UseTopicResult', 'useRequest', 'useTopic']

const PUBLISHED: Record<string, string[]> = {
  'index.d.ts': [
    ...FRAMEWORK_FREE,
    'SocketProvider',
    'SocketProviderProps',
    'UseSocketOptions',
    'UseSocketResult',
    'useSocket',
    'useSocketRegistry',
    'useSocketStats',
  ],
  'topics.d.ts': [...FRAMEWORK_FREE_TOPICS, ...HOOKS_TOPICS],
  'vue.d.ts': [
    ...FRAMEWORK_FREE,
    'SocketPluginOptions',
    'UseSocketOptions',
    'UseSocketResult',
    'createSocketPlugin',
    'provideSocketRegistry',
    'useSocket',
    'useSocketRegistry',
    'useSocketStats',
  ],
  'vue-topics.d.ts': [...FRAMEWORK_FREE_TOPICS, ...HOOKS_TOPICS],
  // For other frameworks: also the topic store useTopic is made of.
  'core.d.ts': [...FRAMEWORK_FREE, ...FRAMEWORK_FREE_TOPICS, 'TopicField', 'TopicSubscription', 'createTopicSubscription'],
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
  // The registry's request resolution and shared state, and the React layer's check on a topic
  // subscription (the stores' track and getVersion are public: frameworks of the app's own use them).
  for (const internal of ['resolve', 'shared', 'follows']) expect(members).not.toContain(internal)
})

it('mangles no member the code reads on a React, Vue or Taro object', () => {
  // esbuild renames every access to a mangled name, whatever the object: one read on a framework's
  // object (a Vue effect scope's `effects`, say) would break at run time.
  const src = join(__dirname, '..', 'src')
  const entries = ['index.ts', 'topics.ts', 'vue.ts', 'vue-topics.ts', 'core-entry.ts', 'websocket.ts'].map((f) => join(src, f))
  const config = ts.readConfigFile(join(__dirname, '..', 'tsconfig.build.json'), ts.sys.readFile).config as object
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(__dirname, '..'))
  const sources = ts.createProgram(entries, { ...options, noEmit: true })
  const types = sources.getTypeChecker()
  const mangled = new Set(INTERNAL_NAMES)
  const foreign: string[] = []
  for (const file of sources.getSourceFiles().filter((f) => f.fileName.startsWith(src))) {
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && mangled.has(node.name.text)) {
        const declarations = types.getSymbolAtLocation(node.name)?.declarations ?? []
        if (declarations.length === 0 || declarations.some((d) => !d.getSourceFile().fileName.startsWith(src))) {
          foreign.push(`${file.fileName.slice(src.length + 1)}: .${node.name.text}`)
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  expect(foreign).toEqual([])
})
