/**
 * The connection's state machine, as a table: no socket, no timer, no network.
 */
import { socketError } from '../../src/core/errors'
import { AfterClose, Do, INITIAL, On, transition, type MachineContext, type MachineEvent, type MachineState } from '../../src/core/machine'
import { DEFAULT_RECONNECT } from '../../src/core/backoff'

// Backoff without jitter: retry n waits 100·(n+1) ms, so the tables can name the delay.
const context: MachineContext = { policy: DEFAULT_RECONNECT, wanted: true, hidden: false, url: 'wss://example.com/', backoff: (retry) => 100 * (retry + 1) }
const boom = socketError('CONNECT_FAILED', { url: 'wss://example.com/' })
// Each status with the fields it carries, and the counters at zero unless given.
const FIELDS: Record<MachineState['status'], object> = {
  idle: {},
  queued: {},
  connecting: {},
  open: { openedAt: 1 },
  closing: { openedAt: 1, closeOnOpen: null, afterClose: AfterClose.stayClosed },
  reconnecting: { waitForShow: false },
  closed: {},
}
const state = (status: MachineState['status'], extra: Record<string, unknown> = {}): MachineState =>
  ({ status, error: null, retries: 0, authFailures: 0, ...FIELDS[status], ...extra }) as MachineState
const names = (effects: readonly (readonly [Do, ...unknown[]])[]) => effects.map((e) => e[0])

describe('transitions', () => {
  it.each<[string, MachineState, MachineEvent, string, Do[]]>([
    ['a first user opens it', INITIAL, { type: On.open }, 'queued', [Do.requestSlot]],
    ['a slot is granted', state('queued'), { type: On.slotGranted }, 'connecting', [Do.connect]],
    ['no slot can be had', state('queued'), { type: On.slotRefused, error: boom }, 'closed', [Do.rejectQueue, Do.emitError]],
    ['the socket opens', state('connecting'), { type: On.socketOpened, at: 1 }, 'open', [Do.emitOpen, Do.drain]],
    ['the app closes before open', state('connecting'), { type: On.close, request: { code: 1000 } }, 'closing', [Do.rejectQueue]],
    ['the app closes an open socket', state('open'), { type: On.close, request: { code: 1000 } }, 'closing', [Do.closeSocket]],
    ['the app closes while queued', state('queued'), { type: On.close, request: { code: 1000 } }, 'closed', [Do.cancelSlot, Do.releaseSlot, Do.rejectQueue]],
    [
      'the app closes while reconnecting',
      state('reconnecting'),
      { type: On.close, request: { code: 1000 } },
      'closed',
      [Do.cancelRetry, Do.releaseSlot, Do.rejectQueue],
    ],
    ['the registry evicts an open socket', state('open'), { type: On.evict, error: boom }, 'closing', [Do.closeSocket, Do.emitError]],
    ['the backoff ends', state('reconnecting'), { type: On.retry }, 'queued', [Do.requestSlot]],
    ['someone opens it while it waits to reconnect', state('reconnecting'), { type: On.open }, 'queued', [Do.cancelRetry, Do.requestSlot]],
    ['an open socket reports an error', state('open'), { type: On.error, error: boom }, 'open', [Do.emitError]],
  ])('%s: %s → %s', (_, from, event, status, effects) => {
    const step = transition(from, event, context)
    expect(step.state.status).toBe(status)
    expect(names(step.effects)).toEqual(effects)
  })

  it.each<[MachineState['status'], string, On]>([
    ['idle', 'a grant', On.slotGranted],
    ['open', 'a grant', On.slotGranted],
    ['closed', 'an open socket', On.socketOpened],
    ['queued', 'an open socket', On.socketOpened],
    ['closed', 'a close', On.close],
    ['idle', 'an ended socket', On.socketEnded],
    ['queued', 'a retry', On.retry],
    ['open', 'an open()', On.open],
  ])('ignores what does not apply: %s + %s', (status, _, type) => {
    const from = state(status)
    const step = transition(from, { type, request: { code: 1000 }, error: boom, code: 1006 } as MachineEvent, context)
    expect(step.state).toBe(from)
    expect(step.effects).toEqual([])
  })
})

describe('after the socket ends', () => {
  const ended = (extra: Partial<Extract<MachineEvent, { type: On.socketEnded }>> = {}): MachineEvent => ({ type: On.socketEnded, at: 2, code: 1006, ...extra })

  it('reconnects with backoff after a drop, keeping its slot', () => {
    const step = transition(state('open'), ended(), context)
    expect(step.state.status).toBe('reconnecting')
    expect(names(step.effects)).toEqual([Do.rejectUnreplayable, Do.scheduleRetry])
    expect(names(step.effects)).not.toContain(Do.releaseSlot)
  })

  it('waits for the app to come back when cut while hidden', () => {
    const step = transition(state('open'), ended({ code: 1000, reason: 'interrupted' }), { ...context, hidden: true })
    expect(step.state).toMatchObject({ status: 'reconnecting', waitForShow: true, retries: 0 })
    expect(names(step.effects)).not.toContain(Do.scheduleRetry)
  })

  it('stays closed after the server says goodbye, and lets the slot go', () => {
    const step = transition(state('open'), ended({ code: 1000 }), context)
    expect(step.state.status).toBe('closed')
    expect(names(step.effects)).toContain(Do.releaseSlot)
  })

  it('stays closed when nobody uses it any more', () => {
    expect(transition(state('open'), ended(), { ...context, wanted: false }).state.status).toBe('closed')
  })

  it('gives up with RECONNECT_FAILED when attempts run out, keeping the last error as cause', () => {
    const step = transition(state('connecting', { retries: 10 }), ended({ code: null, error: boom }), context)
    expect(step.state.error).toMatchObject({ code: 'RECONNECT_FAILED', cause: boom })
    expect(names(step.effects)).toEqual([Do.emitError, Do.emitError, Do.rejectQueue, Do.releaseSlot])
  })

  it('ends a requested close as closed, the close reported as requested', () => {
    const close = { code: 1000, reason: '', wasRequested: false }
    const step = transition(state('closing'), ended({ code: 1000, close }), context)
    expect(step.state.status).toBe('closed')
    expect(step.effects[0]).toEqual([Do.emitClose, { ...close, wasRequested: true }])
  })

  it('queues an evicted connection again, and reopens one that open() asked for meanwhile', () => {
    expect(transition(state('closing', { afterClose: AfterClose.requeue, error: boom }), ended(), context).state).toEqual(state('queued', { error: boom }))
    expect(transition(state('closing', { afterClose: AfterClose.reopen }), ended(), context).state).toEqual(state('queued'))
  })

  it('carries out a close asked before open once the socket opens', () => {
    const request = { code: 4000, reason: 'bye' }
    const step = transition(state('closing', { closeOnOpen: request, openedAt: 0 }), { type: On.socketOpened, at: 1 }, context)
    expect(step.effects).toEqual([[Do.closeSocket, request]])
    expect(step.state).toMatchObject({ status: 'closing', closeOnOpen: null })
  })
})

describe('the counters live in the state', () => {
  const ended = (extra: Partial<Extract<MachineEvent, { type: On.socketEnded }>> = {}): MachineEvent => ({ type: On.socketEnded, at: 2, code: 1006, ...extra })
  const withAuth: MachineContext = { ...context, policy: { ...DEFAULT_RECONNECT, authCloseCodes: [4401], stableAfter: 1000 } }

  it.each<[string, MachineState, MachineEvent, MachineContext, Partial<Record<string, unknown>>, unknown[][]]>([
    [
      'a drop counts a retry and waits the backoff for it',
      state('open', { retries: 2 }),
      ended(),
      context,
      { status: 'reconnecting', retries: 3 },
      [[Do.scheduleRetry, 300]],
    ],
    [
      'a socket open past stableAfter starts the count over',
      state('open', { retries: 4, openedAt: 1 }),
      ended({ at: 1 + DEFAULT_RECONNECT.stableAfter }),
      context,
      { status: 'reconnecting', retries: 1 },
      [[Do.scheduleRetry, 100]],
    ],
    [
      'a first auth close reconnects at once',
      state('open', { retries: 1 }),
      ended({ code: 4401 }),
      withAuth,
      { retries: 2, authFailures: 1 },
      [[Do.scheduleRetry, 0]],
    ],
    [
      'a second auth close in a row backs off like any drop',
      state('connecting', { retries: 2, authFailures: 1 }),
      ended({ code: 4401 }),
      withAuth,
      { retries: 3, authFailures: 2 },
      [[Do.scheduleRetry, 300]],
    ],
    [
      'any other end clears the auth count',
      state('open', { retries: 1, authFailures: 1 }),
      ended({ code: 1006 }),
      withAuth,
      { authFailures: 0 },
      [[Do.scheduleRetry, 200]],
    ],
    ['open() starts the retry count over', state('reconnecting', { retries: 5 }), { type: On.open }, context, { status: 'queued', retries: 0 }, []],
    ['open() on an open socket only resets the count', state('open', { retries: 5 }), { type: On.open }, context, { status: 'open', retries: 0 }, []],
    [
      'a retry keeps the count for the connect to report',
      state('reconnecting', { retries: 3 }),
      { type: On.retry },
      context,
      { status: 'queued', retries: 3 },
      [],
    ],
    [
      'the open remembers when it opened',
      state('connecting', { retries: 3 }),
      { type: On.socketOpened, at: 42 },
      context,
      { status: 'open', openedAt: 42, retries: 3 },
      [],
    ],
  ])('%s', (_, from, event, ctx, expected, effects) => {
    const step = transition(from, event, ctx)
    expect(step.state).toMatchObject(expected)
    for (const effect of effects) expect(step.effects).toContainEqual(effect)
  })

  it('gives each status only its own fields', () => {
    const steps: [MachineState, MachineEvent][] = [
      [INITIAL, { type: On.open }],
      [state('queued'), { type: On.slotGranted }],
      [state('connecting'), { type: On.socketOpened, at: 5 }],
      [state('open'), { type: On.close, request: { code: 1000 } }],
      [state('connecting'), { type: On.evict, error: boom }],
      [state('open'), ended()],
      [state('closing'), ended()],
    ]
    const shapes = steps.map(([from, event]) => transition(from, event, context).state).map((s) => [s.status, Object.keys(s).sort().join(',')])
    expect(shapes).toEqual([
      ['queued', 'authFailures,error,retries,status'],
      ['connecting', 'authFailures,error,retries,status'],
      ['open', 'authFailures,error,openedAt,retries,status'],
      ['closing', 'afterClose,authFailures,closeOnOpen,error,openedAt,retries,status'],
      ['closing', 'afterClose,authFailures,closeOnOpen,error,openedAt,retries,status'],
      ['reconnecting', 'authFailures,error,retries,status,waitForShow'],
      ['closed', 'authFailures,error,retries,status'],
    ])
  })
})
