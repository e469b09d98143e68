/**
 * Build-time size work on the published code, so that the sources stay plain:
 * - error parameters: the object literal given to `socketError` / `fromPlatformError` only feeds
 *   the development messages (messages.ts), so the build wraps it in a NODE_ENV test that an app's
 *   production build folds away. The platform's own words (`why` from `fromPlatformError`) are
 *   added inside that function and stay.
 * - internal names: members of the internal interfaces (INTERNAL_NAMES) never reach users; esbuild
 *   shortens them (mangleProps). test/package.test.ts checks that none of them is in the published types.
 */
import { readFile } from 'node:fs/promises'
import ts from 'typescript'
import type { Plugin } from 'esbuild'

const ERROR_MAKERS = new Set(['socketError', 'fromPlatformError'])

/**
 * Members of the internal interfaces (the machine's state, the connection handle and its slot
 * scheduler, the attempt, the outbox, the listener store): esbuild mangles them in every entry of
 * a build. Never a name a user reads or gives, nor one a platform, React or Vue object has (the
 * store's `track` and `getVersion` are public: taro-socket-hooks/core gives the stores to other
 * frameworks).
 */
export const INTERNAL_NAMES = [
  // machine.ts
  'authFailures',
  'closeOnOpen',
  'afterClose',
  'openedAt',
  'waitForShow',
  'effects',
  'backoff',
  'wanted',
  // a machine step's new state
  'state',
  // connection.ts, registry.ts, serial.ts
  'handle',
  'view',
  'grant',
  'pause',
  'resume',
  'check',
  'scheduler',
  'policy',
  'holdAbandoned',
  'globalSocket',
  // the registry's settings as a connection and its attempts read them
  'connectMs',
  'closeMs',
  'platformConnectMs',
  'queueLimit',
  'byteLimit',
  'used',
  'cancel',
  'serial',
  'busy',
  'run',
  'thrown',
  'shared',
  'byProtocol',
  'rules',
  'checkUrl',
  'idOf',
  'build',
  'users',
  // registry entries, outbox items, topic publications
  'timer',
  // a resolved request's connect options (request.ts), as an attempt takes them (attempt.ts)
  'options',
  // heartbeat.ts (the heartbeat a connection runs)
  'probe',
  // attempt.ts, handshake.ts, outbox.ts
  'alive',
  'abandon',
  'opened',
  'ended',
  'putBack',
  'takeAll',
  'rejectNoReplay',
  'rejectAll',
  // store.ts, subscription.ts
  'notify',
  'watched',
  'follows',
]

/** INTERNAL_NAMES as esbuild's mangleProps takes them. */
export const MANGLED = new RegExp(`^(${INTERNAL_NAMES.join('|')})$`)

/** The source with every error-parameter literal made development-only. */
export function stripErrorParams(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const spans: [number, number][] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ERROR_MAKERS.has(node.expression.text)) {
      const params = node.arguments[1]
      if (params && ts.isObjectLiteralExpression(params) && params.properties.length > 0) {
        // Not looked into further: spans never overlap.
        spans.push([params.getStart(file), params.end])
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  let out = source
  // From the end, so that earlier offsets stay valid.
  for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) {
    out = `${out.slice(0, start)}(process.env.NODE_ENV !== 'production' ? ${out.slice(start, end)} : {})${out.slice(end)}`
  }
  return out
}

export const productionPlugin: Plugin = {
  name: 'taro-socket-hooks-production',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/](core|react|taro|vue)[\\/].*\.tsx?$|[\\/]src[\\/][a-z-]+\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      return { contents: stripErrorParams(source, args.path), loader: args.path.endsWith('x') ? 'tsx' : 'ts' }
    })
  },
}
