import { socketError, type SocketError } from './errors'
import { AfterEnd, afterEnd, type EndContext } from './reconnect'

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

/** What every state carries. */
interface Common {
  readonly error: SocketError | null
  /** Reconnect attempts in a row since the socket was last healthy (open for `stableAfter`). */
  readonly retries: number
  /** Ends in a row with one of `authCloseCodes`: after the first, the reconnect goes at once. */
  readonly authFailures: number
}

/** What happens once a closing socket has ended (a const enum, like `Do`). */
export const enum AfterClose {
  stayClosed,
  /** After an eviction: the users wait for the next slot. */
  requeue,
  /** open() came while it was closing. */
  reopen,
}

/**
 * Everything a connection is, short of its socket and timers: one shape per status, each with
 * only the fields that mean something in it. The connection reads it; only `transition` makes it.
 */
export type MachineState = Common &
  (
    | { readonly status: 'idle' }
    | { readonly status: 'queued' }
    | { readonly status: 'connecting' }
    | { readonly status: 'closed' }
    | {
        readonly status: 'open'
        /** When it opened (clock ms): an end after `stableAfter` starts the counters over. */
        readonly openedAt: number
      }
    | {
        readonly status: 'closing'
        /** When it opened; 0 if it never did. */
        readonly openedAt: number
        /** A close asked before open, carried out once the socket opens (the platforms ignore it before). */
        readonly closeOnOpen: CloseRequest | null
        readonly afterClose: AfterClose
      }
    | {
        readonly status: 'reconnecting'
        /** Cut while the app was away: it waits for the app to come back, not for a timer. */
        readonly waitForShow: boolean
      }
  )

/**
 * What happened to a connection. A const enum, like `Do`: the build writes numbers.
 */
export const enum On {
  open,
  slotGranted,
  slotRefused,
  socketOpened,
  error,
  socketEnded,
  close,
  evict,
  retry,
}

export type MachineEvent =
  /** Someone wants the socket open (a new user, open(), the app coming back): the retry count starts over. */
  | { type: On.open }
  /** The registry gives a platform slot. */
  | { type: On.slotGranted }
  /** The registry cannot give one (overflow: 'reject'). */
  | { type: On.slotRefused; error: SocketError }
  /** The socket opened (and its handshake, if any, is done), at clock time `at`. */
  | { type: On.socketOpened; at: number }
  /** The open socket reported an error; it stays open until it closes. */
  | { type: On.error; error: SocketError }
  /** The socket is gone, at clock time `at`: closed, failed, timed out or declared dead. */
  | { type: On.socketEnded; at: number; code: number | null; reason?: string; error?: SocketError; close?: CloseEvent }
  /** The app closes it for every user, for good. */
  | { type: On.close; request: CloseRequest }
  /** The registry takes the slot for another connection. */
  | { type: On.evict; error: SocketError }
  /** The backoff is over, or the app is back: connect again. */
  | { type: On.retry }

/**
 * What the connection must do. A const enum: the names are for people, the build writes numbers
 * (they are the machine's most repeated words).
 */
export const enum Do {
  requestSlot,
  cancelSlot,
  releaseSlot,
  connect,
  drain,
  rejectUnreplayable,
  cancelRetry,
  emitOpen,
  /** Retry after this many ms. */
  scheduleRetry,
  closeSocket,
  rejectQueue,
  emitError,
  emitClose,
}

/** What the connection must do, in order: a name, and for some its argument. */
export type Effect =
  | readonly [Do.requestSlot | Do.cancelSlot | Do.releaseSlot | Do.connect | Do.drain | Do.rejectUnreplayable | Do.cancelRetry | Do.emitOpen]
  | readonly [Do.scheduleRetry, number]
  | readonly [Do.closeSocket, CloseRequest]
  | readonly [Do.rejectQueue | Do.emitError, SocketError]
  | readonly [Do.emitClose, CloseEvent]

export interface MachineContext extends Omit<EndContext, 'retries'> {
  /** The app is in the background. */
  hidden: boolean
  /** The socket's URL, redacted, for error messages. */
  url: string
  /** ms to wait before retry number `retry` (0-based): the backoff policy with its jitter. */
  backoff(retry: number): number
}

export interface Step {
  state: MachineState
  effects: Effect[]
}

export const INITIAL: MachineState = { status: 'idle', error: null, retries: 0, authFailures: 0 }

const EVICT_CLOSE: CloseRequest = { code: 1000, reason: 'evicted' }

/** A step to `next`, with these effects in order. */
const to = (next: MachineState, ...effects: Effect[]): Step => ({ state: next, effects })

const rejectQueue = (error?: SocketError | null): Effect => [Do.rejectQueue, error || socketError('NOT_OPEN', { detail: 'closedFirst' })]

/**
 * The connection as a pure function: state + event → next state + effects. Events that do not
 * apply to a state change nothing. The connection (connection.ts) carries the effects out; they
 * never change what the next transition reads.
 */
export function transition(state: MachineState, event: MachineEvent, context: MachineContext): Step {
  const { status, error, retries, authFailures } = state
  const counters = { retries, authFailures }
  const stay = to(state)

  switch (event.type) {
    case On.open: {
      const fresh = { error: null, retries: 0, authFailures }
      if (status === 'idle' || status === 'closed') return to({ status: 'queued', ...fresh }, [Do.requestSlot])
      if (status === 'reconnecting') return to({ status: 'queued', ...fresh, error }, [Do.cancelRetry], [Do.requestSlot])
      if (state.status === 'closing' && state.afterClose !== AfterClose.requeue) return to({ ...state, retries: 0, afterClose: AfterClose.reopen })
      return retries ? to({ ...state, retries: 0 }) : stay
    }

    case On.retry:
      return status === 'reconnecting' ? to({ status: 'queued', error, ...counters }, [Do.requestSlot]) : stay

    case On.slotGranted:
      return status === 'queued' ? to({ status: 'connecting', error, ...counters }, [Do.connect]) : stay

    case On.slotRefused:
      return status === 'queued' ? to({ status: 'closed', error: event.error, ...counters }, rejectQueue(event.error), [Do.emitError, event.error]) : stay

    case On.socketOpened:
      // The open's order on the wire: what onOpen listeners send (topics resubscribe there), then the queue.
      if (status === 'connecting') return to({ status: 'open', error: null, ...counters, openedAt: event.at }, [Do.emitOpen], [Do.drain])
      // A close asked before open: the platforms ignore close() then, so it is done now.
      if (state.status === 'closing' && state.closeOnOpen) return to({ ...state, closeOnOpen: null }, [Do.closeSocket, state.closeOnOpen])
      return stay

    case On.error:
      return status === 'open' || status === 'closing' ? to({ ...state, error: event.error }, [Do.emitError, event.error]) : stay

    case On.close:
      if (status === 'queued' || status === 'reconnecting') {
        return to({ status: 'closed', error, ...counters }, [status === 'queued' ? Do.cancelSlot : Do.cancelRetry], [Do.releaseSlot], rejectQueue())
      }
      if (status === 'connecting') {
        return to({ status: 'closing', error, ...counters, openedAt: 0, closeOnOpen: event.request, afterClose: AfterClose.stayClosed }, rejectQueue())
      }
      if (state.status === 'open') {
        const closing = { status: 'closing', error, ...counters, openedAt: state.openedAt, closeOnOpen: null, afterClose: AfterClose.stayClosed } as const
        return to(closing, [Do.closeSocket, event.request])
      }
      // A later close wins over a reopen or an eviction that was to follow.
      return state.status === 'closing' ? to({ ...state, afterClose: AfterClose.stayClosed }) : stay

    case On.evict: {
      const evicted = { status: 'closing', error: event.error, ...counters, afterClose: AfterClose.requeue } as const
      if (state.status === 'open') {
        return to({ ...evicted, openedAt: state.openedAt, closeOnOpen: null }, [Do.closeSocket, EVICT_CLOSE], [Do.emitError, event.error])
      }
      return status === 'connecting' ? to({ ...evicted, openedAt: 0, closeOnOpen: EVICT_CLOSE }, [Do.emitError, event.error]) : stay
    }

    case On.socketEnded:
      return state.status === 'connecting' || state.status === 'open' || state.status === 'closing' ? ended(state, event, context) : stay
  }
}

function ended(
  state: Extract<MachineState, { status: 'connecting' | 'open' | 'closing' }>,
  event: Extract<MachineEvent, { type: On.socketEnded }>,
  context: MachineContext,
): Step {
  const { status, error } = state
  const { code, at } = event
  const { policy } = context
  // A socket that stayed open long enough counts as healthy: the counts start over.
  const openedAt = status === 'connecting' ? 0 : state.openedAt
  const healthy = openedAt > 0 && !!policy && at - openedAt >= policy.stableAfter
  const retries = healthy ? 0 : state.retries
  // Ends in a row with an auth close code; a healthy socket before this one starts the count over.
  let authFailures = 0
  if (code !== null && policy && policy.authCloseCodes.includes(code)) authFailures = (healthy ? 0 : state.authFailures) + 1
  const counters = { retries, authFailures }
  // A close while closing is the one the app asked for (a close, a release, an eviction).
  const closed: Effect[] = event.close ? [[Do.emitClose, { ...event.close, wasRequested: status === 'closing' }]] : []

  if (state.status === 'closing') {
    // The app asked for this end; an error now (a handshake given up on) is no news to it.
    // After an eviction the users wait for the next slot, keeping their error and unsent messages.
    const { afterClose } = state
    if (afterClose === AfterClose.stayClosed) return to({ status: 'closed', error, ...counters }, ...closed, [Do.releaseSlot], rejectQueue())
    const keptError = afterClose === AfterClose.requeue ? error : null
    return to({ status: 'queued', error: keptError, ...counters }, ...closed, [Do.releaseSlot], [Do.requestSlot])
  }
  const told: Effect[] = event.error ? [[Do.emitError, event.error]] : []
  const cause = event.error || error
  const next = afterEnd({ code, reason: event.reason, hidden: context.hidden }, { ...context, retries })
  if (next === AfterEnd.retry || next === AfterEnd.wait) {
    // The first end with an auth close code reconnects at once, with fresh credentials.
    const retry: Effect[] = []
    if (next === AfterEnd.retry) retry.push([Do.scheduleRetry, authFailures === 1 ? 0 : context.backoff(retries)])
    return to(
      { status: 'reconnecting', error: cause, retries: next === AfterEnd.retry ? retries + 1 : retries, authFailures, waitForShow: next === AfterEnd.wait },
      ...told,
      [Do.rejectUnreplayable],
      ...closed,
      ...retry,
    )
  }
  if (next === AfterEnd.giveUp) {
    const gaveUp = socketError('RECONNECT_FAILED', { url: context.url, n: retries }, { cause })
    return to({ status: 'closed', error: gaveUp, ...counters }, ...told, [Do.emitError, gaveUp], rejectQueue(gaveUp), ...closed, [Do.releaseSlot])
  }
  return to({ status: 'closed', error: cause, ...counters }, ...told, rejectQueue(cause), ...closed, [Do.releaseSlot])
}
