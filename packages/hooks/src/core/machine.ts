import { socketError, type SocketError } from './errors'
import { afterEnd, type EndContext } from './reconnect'

export type SocketStatus = 'idle' | 'queued' | 'connecting' | 'open' | 'closing' | 'reconnecting' | 'closed'

export interface CloseRequest {
  code: number
  reason?: string
}

export interface CloseEvent {
  code: number
  reason: string
  /** true when this app asked for the close (close(), release, eviction) */
  wasRequested: boolean
}

/** Everything a connection is, short of its socket and timers. */
export interface MachineState {
  readonly status: SocketStatus
  readonly error: SocketError | null
  /** closing: a close asked before open, carried out once the socket opens (the platforms ignore it before). */
  readonly pending?: CloseRequest
  /** closing: what follows the close; `queued` after an eviction, `reopen` when open() came meanwhile. */
  readonly then?: 'queued' | 'reopen'
  /** reconnecting: waits for the app to come back, not for a timer. */
  readonly untilShow?: boolean
}

export type MachineEvent =
  /** Someone wants the socket open (a new user, open(), the app coming back). */
  | { type: 'open' }
  /** The registry gives a platform slot. */
  | { type: 'grant' }
  /** The registry cannot give one (overflow: 'reject'). */
  | { type: 'refuse'; error: SocketError }
  /** The socket opened. */
  | { type: 'opened' }
  /** The open socket reported an error; it stays open until it closes. */
  | { type: 'error'; error: SocketError }
  /** The socket is gone: closed, failed, timed out or declared dead. */
  | { type: 'ended'; code: number | null; reason?: string; error?: SocketError; close?: CloseEvent }
  /** The app closes it for every user, for good. */
  | { type: 'close'; request: CloseRequest }
  /** The registry takes the slot for another connection. */
  | { type: 'evict'; error: SocketError }
  /** The backoff is over, or the app is back: connect again. */
  | { type: 'retry' }

export type Effect =
  | { do: 'requestSlot' | 'cancelSlot' | 'releaseSlot' }
  | { do: 'connect' }
  | { do: 'closeSocket'; request: CloseRequest }
  | { do: 'drain' }
  | { do: 'rejectQueue'; error: SocketError }
  | { do: 'rejectUnreplayable' }
  | { do: 'startHeartbeat' | 'stopHeartbeat' }
  | { do: 'scheduleRetry' | 'cancelRetry' }
  | { do: 'emitOpen' }
  | { do: 'emitClose'; event: CloseEvent }
  | { do: 'emitError'; error: SocketError }

export interface MachineContext extends EndContext {
  /** The app is in the background. */
  hidden: boolean
  /** The socket's URL, redacted, for error messages. */
  url: string
}

export interface Step {
  state: MachineState
  effects: Effect[]
}

export const INITIAL: MachineState = { status: 'idle', error: null }

const EVICT_CLOSE: CloseRequest = { code: 1000, reason: 'evicted' }

const notOpen = (why: string) => socketError('NOT_OPEN', { why })

/**
 * The connection as a pure function: state + event → next state + effects. Events that do not
 * apply to a state change nothing. The connection (connection.ts) carries the effects out.
 */
export function transition(state: MachineState, event: MachineEvent, context: MachineContext): Step {
  const { status } = state
  const to = (next: MachineState, ...effects: Effect[]): Step => ({ state: next, effects })
  const stay: Step = { state, effects: [] }

  switch (event.type) {
    case 'open':
      if (status === 'idle' || status === 'closed') return to({ status: 'queued', error: null }, { do: 'requestSlot' })
      if (status === 'reconnecting') return to({ status: 'queued', error: state.error }, { do: 'cancelRetry' }, { do: 'requestSlot' })
      if (status === 'closing' && state.then !== 'queued') return to({ ...state, then: 'reopen' })
      return stay

    case 'retry':
      return status === 'reconnecting' ? to({ status: 'queued', error: state.error }, { do: 'requestSlot' }) : stay

    case 'grant':
      return status === 'queued' ? to({ status: 'connecting', error: state.error }, { do: 'connect' }) : stay

    case 'refuse':
      return status === 'queued'
        ? to({ status: 'closed', error: event.error }, { do: 'rejectQueue', error: event.error }, { do: 'emitError', error: event.error })
        : stay

    case 'opened':
      if (status === 'connecting') {
        return to({ status: 'open', error: null }, { do: 'drain' }, { do: 'startHeartbeat' }, { do: 'emitOpen' })
      }
      // A close asked before open: the platforms ignore close() then, so it is done now.
      if (status === 'closing' && state.pending) {
        const { pending, ...rest } = state
        return to(rest, { do: 'closeSocket', request: pending })
      }
      return stay

    case 'error':
      return status === 'open' || status === 'closing' ? to({ ...state, error: event.error }, { do: 'emitError', error: event.error }) : stay

    case 'close':
      switch (status) {
        case 'queued':
        case 'reconnecting':
          return to(
            { status: 'closed', error: state.error },
            { do: status === 'queued' ? 'cancelSlot' : 'cancelRetry' },
            { do: 'releaseSlot' },
            { do: 'rejectQueue', error: notOpen('the socket was closed before it opened') },
          )
        case 'connecting':
          return to(
            { status: 'closing', error: state.error, pending: event.request },
            { do: 'rejectQueue', error: notOpen('the socket was closed before it opened') },
          )
        case 'open':
          return to({ status: 'closing', error: state.error }, { do: 'stopHeartbeat' }, { do: 'closeSocket', request: event.request })
        case 'closing':
          // A later close wins over a reopen or an eviction that was to follow.
          return state.then ? to({ status: 'closing', error: state.error, ...(state.pending ? { pending: state.pending } : {}) }) : stay
        default:
          return stay
      }

    case 'evict': {
      const error = event.error
      if (status === 'open') {
        return to(
          { status: 'closing', error, then: 'queued' },
          { do: 'stopHeartbeat' },
          { do: 'closeSocket', request: EVICT_CLOSE },
          { do: 'emitError', error },
        )
      }
      if (status === 'connecting') return to({ status: 'closing', error, then: 'queued', pending: EVICT_CLOSE }, { do: 'emitError', error })
      return stay
    }

    case 'ended':
      return ended(state, event, context)
  }
}

function ended(state: MachineState, event: Extract<MachineEvent, { type: 'ended' }>, context: MachineContext): Step {
  const { status } = state
  if (status !== 'connecting' && status !== 'open' && status !== 'closing') return { state, effects: [] }
  // A close while closing is the one the app asked for (a close, a release, an eviction).
  const closed: Effect[] = event.close ? [{ do: 'emitClose', event: { ...event.close, wasRequested: status === 'closing' } }] : []
  const stopHeartbeat: Effect = { do: 'stopHeartbeat' }

  if (status === 'closing') {
    // The app asked for this end; an error now (a handshake given up on) is no news to it.
    if (state.then) {
      // Evicted users wait for the next free slot, keeping their error and unsent messages.
      return {
        state: { status: 'queued', error: state.then === 'queued' ? state.error : null },
        effects: [...closed, { do: 'releaseSlot' }, { do: 'requestSlot' }],
      }
    }
    return {
      state: { status: 'closed', error: state.error },
      effects: [...closed, { do: 'releaseSlot' }, { do: 'rejectQueue', error: notOpen('the socket closed before it was sent') }],
    }
  }

  const error = event.error ?? state.error
  const told: Effect[] = event.error ? [{ do: 'emitError', error: event.error }] : []
  const next = afterEnd({ code: event.code, ...(event.reason !== undefined ? { reason: event.reason } : {}), requested: false, hidden: context.hidden }, context)

  if (next === 'retry' || next === 'wait') {
    return {
      state: next === 'wait' ? { status: 'reconnecting', error, untilShow: true } : { status: 'reconnecting', error },
      effects: [
        stopHeartbeat,
        ...told,
        { do: 'rejectUnreplayable' },
        ...closed,
        ...(next === 'retry' ? [{ do: 'scheduleRetry' } as const] : []),
      ],
    }
  }
  const final =
    next === 'give-up'
      ? socketError('RECONNECT_FAILED', { url: context.url, n: context.retries }, { ...(error ? { cause: error } : {}) })
      : error
  return {
    state: { status: 'closed', error: final },
    effects: [
      stopHeartbeat,
      ...told,
      ...(next === 'give-up' ? [{ do: 'emitError', error: final! } as const] : []),
      { do: 'rejectQueue', error: final ?? notOpen('the socket closed before it was sent') },
      ...closed,
      { do: 'releaseSlot' },
    ],
  }
}
