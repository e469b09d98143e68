import type { SocketErrorCode } from './errors'
import { utf8ByteLength } from './close'
import { Do, type Effect, type MachineState } from './machine'
import type { Feature } from './types'
import { redact } from './url'

/** What a trace hears. `url` never carries its query (where tokens live). */
export type TraceEvent = { url: string } & (
  | { type: 'wait' }
  | { type: 'connect'; attempt: number }
  | { type: 'open' }
  | { type: 'close'; code: number; reason: string; requested: boolean }
  | { type: 'error'; code: SocketErrorCode; message: string }
  | { type: 'retry'; attempt: number; delay: number }
  | { type: 'heartbeat' }
  | { type: 'send' | 'receive'; bytes: number; data: string }
)

/** What trace() makes: the registry's `trace` option. */
export type TraceFeature = Feature<'trace'>

/**
 * What a connection shows a trace: each effect it carries out with the state it is in, and the
 * moments that are not effects (a slot to wait for, a send, a receive, a ping).
 */
export type Tap = (what: Effect | readonly ['wait'] | readonly ['send' | 'receive' | 'heartbeat', unknown], state: MachineState) => void

/** What is behind a TraceFeature: one tap per connection, given its URL. */
export type TapFor = (url: string) => Tap

const PREVIEW = 64

/** A message as a trace shows it: its size and its first characters. */
export function preview(data: unknown): { bytes: number; data: string } {
  if (typeof data !== 'string') {
    const bytes = (data as { byteLength?: number } | null)?.byteLength ?? 0
    return { bytes, data: `[binary ${bytes} B]` }
  }
  return { bytes: utf8ByteLength(data), data: data.length > PREVIEW ? `${data.slice(0, PREVIEW)}…` : data }
}

const toConsole = (event: TraceEvent): void => console.log(`[taro-socket-hooks] ${event.type}`, event)

/** A trace event without its URL (the tap adds it): Omit applied to each kind of event on its own. */
type EventFields = TraceEvent extends infer Event ? (Event extends unknown ? Omit<Event, 'url'> : never) : never

/**
 * Everything that happens to every socket (slot waits, connect attempts, opens, closes, errors,
 * retries, heartbeats, sends and receives with sizes and the first characters), URLs without
 * their query: `trace: trace(onEvent)` in the registry's options; `trace()` logs to the console
 * (development).
 */
export function trace(onEvent: (event: TraceEvent) => void = toConsole): TraceFeature {
  const tapFor: TapFor = (fullUrl) => {
    // Queries carry tokens: a trace shows scheme, host and path only.
    const url = redact(fullUrl)
    return (what, state) => {
      const report = (event: EventFields): void => onEvent({ url, ...event } as TraceEvent)
      switch (what[0]) {
        case 'wait':
        case 'heartbeat':
          return report({ type: what[0] })
        case Do.connect:
          return report({ type: 'connect', attempt: state.retries })
        case Do.emitOpen:
          return report({ type: 'open' })
        case Do.emitClose: {
          const { code, reason, wasRequested } = what[1]
          return report({ type: 'close', code, reason, requested: wasRequested })
        }
        case Do.emitError:
          return report({ type: 'error', code: what[1].code, message: what[1].message })
        case Do.scheduleRetry:
          return report({ type: 'retry', attempt: state.retries, delay: what[1] })
        case 'send':
        case 'receive':
          return report({ type: what[0], ...preview(what[1]) })
      }
    }
  }
  return tapFor as unknown as TraceFeature
}
