import { DEFAULT_RECONNECT, reconnectPolicy } from '../../src/core/backoff'
import type { ReconnectPolicy } from '../../src/core/backoff'
import { AfterEnd, EndingKind, afterEnd, classifyEnding, type Ending } from '../../src/core/reconnect'

const policy = { ...DEFAULT_RECONNECT, minDelay: 100, maxDelay: 1000, maxAttempts: 5 }

/** Whether a socket someone still uses reconnects after this ending, now or when the app comes back. */
const reconnects = (ending: Ending, retries: number, given: ReconnectPolicy | null) => {
  const next = afterEnd(ending, { policy: given, retries, wanted: true })
  return next === AfterEnd.retry || next === AfterEnd.wait
}

describe('whether to reconnect', () => {
  it.each([
    ['the server went away (1001)', { code: 1001, requested: false }, 0, true],
    ['the connection dropped (1006)', { code: 1006, requested: false }, 0, true],
    ['the server restarted (1012)', { code: 1012, requested: false }, 4, true],
    ['the connect failed', { code: null, requested: false }, 2, true],
    ['the app closed it', { code: 1000, requested: true }, 0, false],
    ['the app closed it with its own code', { code: 4000, requested: true }, 0, false],
    ['the server closed normally (1000)', { code: 1000, requested: false }, 0, false],
    ['attempts ran out', { code: 1006, requested: false }, 5, false],
    ['WeChat cut it (1000 "interrupted": background or idle)', { code: 1000, reason: 'interrupted', requested: false }, 0, true],
    ['the server closed normally while the app was hidden', { code: 1000, requested: false, hidden: true }, 0, true],
    ['the app closed it while hidden', { code: 1000, requested: true, hidden: true }, 0, false],
  ])('%s → %s', (_, ending, retries, expected) => {
    expect(reconnects(ending, retries, policy)).toBe(expected)
  })

  it.each([
    ['the app asked', { code: 1000, requested: true }, 'requested', EndingKind.requested],
    ['the server said goodbye (1000)', { code: 1000, reason: 'bye', requested: false }, 'final', EndingKind.final],
    ['a listed stop code', { code: 4001, requested: false }, 'final', EndingKind.final],
    ['WeChat 1000 "interrupted"', { code: 1000, reason: 'interrupted', requested: false }, 'interrupted', EndingKind.interrupted],
    ['any close while the app is hidden', { code: 1006, requested: false, hidden: true }, 'interrupted', EndingKind.interrupted],
    ['a silent kill found on show', { code: null, requested: false }, 'dropped', EndingKind.dropped],
    ['1001 going away', { code: 1001, requested: false }, 'dropped', EndingKind.dropped],
  ] as const)('classifies %s as %s', (_, ending, _name, kind) => {
    expect(classifyEnding(ending, { stopCodes: [4001], authCloseCodes: [] })).toBe(kind)
  })

  it('stops on the codes the app lists, such as 4001 for unauthorized', () => {
    const auth = { ...policy, stopCodes: [4001] }
    expect(reconnects({ code: 4001, requested: false }, 0, auth)).toBe(false)
    expect(reconnects({ code: 4002, requested: false }, 0, auth)).toBe(true)
  })

  it('never reconnects when reconnect is off', () => {
    expect(reconnects({ code: 1006, requested: false }, 0, reconnectPolicy(false))).toBe(false)
  })
})

describe('what follows an ending', () => {
  it.each([
    ['a drop while someone uses it', { code: 1006, requested: false }, { retries: 0, wanted: true }, 'retry', AfterEnd.retry],
    [
      'a cut while the app is hidden',
      { code: 1000, reason: 'interrupted', requested: false, hidden: true },
      { retries: 0, wanted: true },
      'wait',
      AfterEnd.wait,
    ],
    ['a drop nobody is left to see', { code: 1006, requested: false }, { retries: 0, wanted: false }, 'close', AfterEnd.close],
    ['a drop after the last attempt', { code: 1006, requested: false }, { retries: 5, wanted: true }, 'give up', AfterEnd.giveUp],
    ['a goodbye from the server', { code: 1000, requested: false }, { retries: 2, wanted: true }, 'close', AfterEnd.close],
    [
      'WeChat cutting it while the app is shown',
      { code: 1000, reason: 'interrupted', requested: false },
      { retries: 0, wanted: true },
      'retry',
      AfterEnd.retry,
    ],
    [
      'a drop when the app allows no attempts',
      { code: 1006, requested: false },
      { retries: 0, wanted: true, policy: { ...policy, maxAttempts: 0 } },
      'close',
      AfterEnd.close,
    ],
    [
      'an expired-credentials close the app also lists as final',
      { code: 4401, requested: false },
      { retries: 0, wanted: true, policy: { ...policy, stopCodes: [4401], authCloseCodes: [4401] } },
      'retry',
      AfterEnd.retry,
    ],
  ] as const)('%s → %s', (_, ending, context, _name, expected) => {
    expect(afterEnd(ending, { policy, ...context })).toBe(expected)
  })
})
