import type { SocketErrorCode } from './errors'
import { utf8ByteLength } from './close'

/** What `onTrace` hears. `url` never carries its query (where tokens live). */
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

/** Without the `url`, which the connection adds. */
export type TraceDetail = TraceEvent extends infer E ? (E extends unknown ? Omit<E, 'url'> : never) : never

const PREVIEW = 64

/** A message as a trace shows it: its size and its first characters. */
export function preview(data: unknown): { bytes: number; data: string } {
  if (typeof data !== 'string') {
    const bytes = (data as { byteLength?: number } | null)?.byteLength ?? 0
    return { bytes, data: `[binary ${bytes} B]` }
  }
  return { bytes: utf8ByteLength(data), data: data.length > PREVIEW ? `${data.slice(0, PREVIEW)}…` : data }
}
