/**
 * The connection's state machine, as a table: no socket, no timer, no network.
 */
import { socketError } from '../../src/core/errors'
import { INITIAL, transition, type MachineContext, type MachineEvent, type MachineState } from '../../src/core/machine'
import { DEFAULT_RECONNECT } from '../../src/core/backoff'

const context: MachineContext = { policy: DEFAULT_RECONNECT, retries: 0, wanted: true, hidden: false, url: 'wss://example.com/' }
const boom = socketError('CONNECT_FAILED', { url: 'wss://example.com/' })
const state = (status: MachineState['status'], extra: Partial<MachineState> = {}): MachineState => ({ status, error: null, ...extra })
const names = (effects: readonly (readonly unknown[])[]) => effects.map((e) => e[0])

describe('transitions', () => {
  it.each<[string, MachineState, MachineEvent, string, string[]]>([
    ['a first user opens it', INITIAL, { type: 'open' }, 'queued', ['requestSlot']],
    ['a slot is granted', state('queued'), { type: 'grant' }, 'connecting', ['connect']],
    ['no slot can be had', state('queued'), { type: 'refuse', error: boom }, 'closed', ['rejectQueue', 'emitError']],
    ['the socket opens', state('connecting'), { type: 'opened' }, 'open', ['startHeartbeat', 'emitOpen', 'drain']],
    ['the app closes before open', state('connecting'), { type: 'close', request: { code: 1000 } }, 'closing', ['rejectQueue']],
    ['the app closes an open socket', state('open'), { type: 'close', request: { code: 1000 } }, 'closing', ['stopHeartbeat', 'closeSocket']],
    ['the app closes while queued', state('queued'), { type: 'close', request: { code: 1000 } }, 'closed', ['cancelSlot', 'releaseSlot', 'rejectQueue']],
    [
      'the app closes while reconnecting',
      state('reconnecting'),
      { type: 'close', request: { code: 1000 } },
      'closed',
      ['cancelRetry', 'releaseSlot', 'rejectQueue'],
    ],
    ['the registry evicts an open socket', state('open'), { type: 'evict', error: boom }, 'closing', ['stopHeartbeat', 'closeSocket', 'emitError']],
    ['the backoff ends', state('reconnecting'), { type: 'retry' }, 'queued', ['requestSlot']],
    ['someone opens it while it waits to reconnect', state('reconnecting'), { type: 'open' }, 'queued', ['cancelRetry', 'requestSlot']],
    ['an open socket reports an error', state('open'), { type: 'error', error: boom }, 'open', ['emitError']],
  ])('%s: %s → %s', (_, from, event, status, effects) => {
    const step = transition(from, event, context)
    expect(step.state.status).toBe(status)
    expect(names(step.effects)).toEqual(effects)
  })

  it.each<[MachineState['status'], MachineEvent['type']]>([
    ['idle', 'grant'],
    ['open', 'grant'],
    ['closed', 'opened'],
    ['closed', 'close'],
    ['idle', 'ended'],
    ['queued', 'retry'],
    ['open', 'open'],
  ])('ignores what does not apply: %s + %s', (status, type) => {
    const from = state(status)
    const step = transition(from, { type, request: { code: 1000 }, error: boom, code: 1006 } as MachineEvent, context)
    expect(step.state).toBe(from)
    expect(step.effects).toEqual([])
  })
})

describe('after the socket ends', () => {
  const ended = (extra: Partial<Extract<MachineEvent, { type: 'ended' }>> = {}): MachineEvent => ({ type: 'ended', code: 1006, ...extra })

  it('reconnects with backoff after a drop, keeping its slot', () => {
    const step = transition(state('open'), ended(), context)
    expect(step.state.status).toBe('reconnecting')
    expect(names(step.effects)).toEqual(['stopHeartbeat', 'rejectUnreplayable', 'scheduleRetry'])
    expect(names(step.effects)).not.toContain('releaseSlot')
  })

  it('waits for the app to come back when cut while hidden', () => {
    const step = transition(state('open'), ended({ code: 1000, reason: 'interrupted' }), { ...context, hidden: true })
    expect(step.state).toMatchObject({ status: 'reconnecting', untilShow: true })
    expect(names(step.effects)).not.toContain('scheduleRetry')
  })

  it('stays closed after the server says goodbye, and lets the slot go', () => {
    const step = transition(state('open'), ended({ code: 1000 }), context)
    expect(step.state.status).toBe('closed')
    expect(names(step.effects)).toContain('releaseSlot')
  })

  it('stays closed when nobody uses it any more', () => {
    expect(transition(state('open'), ended(), { ...context, wanted: false }).state.status).toBe('closed')
  })

  it('gives up with RECONNECT_FAILED when attempts run out, keeping the last error as cause', () => {
    const step = transition(state('connecting'), ended({ code: null, error: boom }), { ...context, retries: 10 })
    expect(step.state.error).toMatchObject({ code: 'RECONNECT_FAILED', cause: boom })
    expect(names(step.effects)).toEqual(['stopHeartbeat', 'emitError', 'emitError', 'rejectQueue', 'releaseSlot'])
  })

  it('ends a requested close as closed, the close reported as requested', () => {
    const close = { code: 1000, reason: '', wasRequested: false }
    const step = transition(state('closing'), ended({ code: 1000, close }), context)
    expect(step.state.status).toBe('closed')
    expect(step.effects[0]).toEqual(['emitClose', { ...close, wasRequested: true }])
  })

  it('queues an evicted connection again, and reopens one that open() asked for meanwhile', () => {
    expect(transition(state('closing', { then: 'queued', error: boom }), ended(), context).state).toEqual({ status: 'queued', error: boom })
    expect(transition(state('closing', { then: 'reopen' }), ended(), context).state).toEqual({ status: 'queued', error: null })
  })

  it('carries out a close asked before open once the socket opens', () => {
    const request = { code: 4000, reason: 'bye' }
    const step = transition(state('closing', { pending: request }), { type: 'opened' }, context)
    expect(step.effects).toEqual([['closeSocket', request]])
    expect(step.state.pending).toBeUndefined()
  })
})
