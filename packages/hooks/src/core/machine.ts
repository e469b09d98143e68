import { socketError, type SocketError } from './errors'
import { afterEnd, type EndContext } from './reconnect'

export type SocketStatus = 'idle' | 'queued' | 'connecting' | 'open' | 'closing' | 'reconnecting' | 'closed'

export interface CloseRequest {
  code: number
  reason?: string | undefined
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
  readonly pending?: CloseRequest | undefined
  /** closing: what follows the close; `queued` after an eviction, `reopen` when open() came meanwhile. */
  readonly then?: 'queued' | 'reopen' | undefined
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

/** What the connection must do, in order: a name, and for some its argument. */
export type Effect =
  | readonly [
      | 'requestSlot'
      | 'cancelSlot'
      | 'releaseSlot'
      | 'connect'
      | 'drain'
      | 'rejectUnreplayable'
      | 'startHeartbeat'
      | 'stopHeartbeat'
      | 'scheduleRetry'
      | 'cancelRetry'
      | 'emitOpen',
    ]
  | readonly ['closeSocket', CloseRequest]
  | readonly ['rejectQueue' | 'emitError', SocketError]
  | readonly ['emitClose', CloseEvent]

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

const rejectQueue = (error?: SocketError | null): Effect => ['rejectQueue', error || socketError('NOT_OPEN', { detail: 'closedFirst' })]

/**
 * The connection as a pure function: state + event → next state + effects. Events that do not
 * apply to a state change nothing. The connection (connection.ts) carries the effects out.
 */
export function transition(state: MachineState, event: MachineEvent, context: MachineContext): Step {
  const { status, error } = state
  const to = (next: MachineState, ...effects: Effect[]): Step => ({ state: next, effects })
  const stay = to(state)

  switch (event.type) {
    case 'open':
      if (status === 'idle' || status === 'closed') return to({ status: 'queued', error: null }, ['requestSlot'])
      if (status === 'reconnecting') return to({ status: 'queued', error }, ['cancelRetry'], ['requestSlot'])
      return status === 'closing' && state.then !== 'queued' ? to({ ...state, then: 'reopen' }) : stay

    case 'retry':
      return status === 'reconnecting' ? to({ status: 'queued', error }, ['requestSlot']) : stay

    case 'grant':
      return status === 'queued' ? to({ status: 'connecting', error }, ['connect']) : stay

    case 'refuse':
      return status === 'queued' ? to({ status: 'closed', error: event.error }, rejectQueue(event.error), ['emitError', event.error]) : stay

    case 'opened':
      // The open's order on the wire: what onOpen listeners send (topics resubscribe there), then the queue.
      if (status === 'connecting') return to({ status: 'open', error: null }, ['startHeartbeat'], ['emitOpen'], ['drain'])
      // A close asked before open: the platforms ignore close() then, so it is done now.
      return status === 'closing' && state.pending ? to({ ...state, pending: undefined }, ['closeSocket', state.pending]) : stay

    case 'error':
      return status === 'open' || status === 'closing' ? to({ ...state, error: event.error }, ['emitError', event.error]) : stay

    case 'close':
      if (status === 'queued' || status === 'reconnecting') {
        return to({ status: 'closed', error }, [status === 'queued' ? 'cancelSlot' : 'cancelRetry'], ['releaseSlot'], rejectQueue())
      }
      if (status === 'connecting') return to({ status: 'closing', error, pending: event.request }, rejectQueue())
      if (status === 'open') return to({ status: 'closing', error }, ['stopHeartbeat'], ['closeSocket', event.request])
      // A later close wins over a reopen or an eviction that was to follow.
      return status === 'closing' ? to({ ...state, then: undefined }) : stay

    case 'evict':
      if (status === 'open') {
        return to({ status: 'closing', error: event.error, then: 'queued' }, ['stopHeartbeat'], ['closeSocket', EVICT_CLOSE], ['emitError', event.error])
      }
      return status === 'connecting' ? to({ status: 'closing', error: event.error, then: 'queued', pending: EVICT_CLOSE }, ['emitError', event.error]) : stay

    case 'ended': {
      if (status !== 'connecting' && status !== 'open' && status !== 'closing') return stay
      const closing = status === 'closing'
      // A close while closing is the one the app asked for (a close, a release, an eviction).
      const closed: Effect[] = event.close ? [['emitClose', { ...event.close, wasRequested: closing }]] : []
      if (closing) {
        // The app asked for this end; an error now (a handshake given up on) is no news to it.
        // After an eviction the users wait for the next slot, keeping their error and unsent messages.
        return state.then
          ? to({ status: 'queued', error: state.then === 'queued' ? error : null }, ...closed, ['releaseSlot'], ['requestSlot'])
          : to({ status: 'closed', error }, ...closed, ['releaseSlot'], rejectQueue())
      }
      const told: Effect[] = event.error ? [['emitError', event.error]] : []
      const cause = event.error || error
      const next = afterEnd({ code: event.code, reason: event.reason, requested: false, hidden: context.hidden }, context)
      if (next === 'retry' || next === 'wait') {
        return to(
          { status: 'reconnecting', error: cause, untilShow: next === 'wait' },
          ['stopHeartbeat'],
          ...told,
          ['rejectUnreplayable'],
          ...closed,
          ...(next === 'retry' ? [['scheduleRetry'] as const] : []),
        )
      }
      if (next === 'give-up') {
        const gaveUp = socketError('RECONNECT_FAILED', { url: context.url, n: context.retries }, { cause })
        return to({ status: 'closed', error: gaveUp }, ['stopHeartbeat'], ...told, ['emitError', gaveUp], rejectQueue(gaveUp), ...closed, ['releaseSlot'])
      }
      return to({ status: 'closed', error: cause }, ['stopHeartbeat'], ...told, rejectQueue(cause), ...closed, ['releaseSlot'])
    }
  }
}
