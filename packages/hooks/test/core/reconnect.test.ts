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
    ['the server went away (1001)', { code: 1001 }, 0, true],
    ['the connection dropped (1006)', { code: 1006 }, 0, true],
    ['the server restarted (1012)', { code: 1012 }, 4, true],
    ['the connect failed', { code: null }, 2, true],
    ['the server closed normally (1000)', { code: 1000 }, 0, false],
    ['attempts ran out', { code: 1006 }, 5, false],
    ['WeChat cut it (1000 "interrupted": background or idle)', { code: 1000, reason: 'interrupted' }, 0, true],
    ['the server closed normally while the app was hidden', { code: 1000, hidden: true }, 0, true],
  ])('%s → %s', (_, ending, retries, expected) => {
    expect(reconnects(ending, retries, policy)).toBe(expected)
  })

  it.each([
    ['the server said goodbye (1000)', { code: 1000, reason: 'bye' }, 'final', EndingKind.final],
    ['a listed stop code', { code: 4001 }, 'final', EndingKind.final],
    ['WeChat 1000 "interrupted"', { code: 1000, reason: 'interrupted' }, 'interrupted', EndingKind.interrupted],
    ['any close while the app is hidden', { code: 1006, hidden: true }, 'interrupted', EndingKind.interrupted],
    ['a silent kill found on show', { code: null }, 'dropped', EndingKind.dropped],
    ['1001 going away', { code: 1001 }, 'dropped', EndingKind.dropped],
  ] as const)('classifies %s as %s', (_, ending, _name, kind) => {
    expect(classifyEnding(ending, { stopCodes: [4001], authCloseCodes: [] })).toBe(kind)
  })

  it('stops on the codes the app lists, such as 4001 for unauthorized', () => {
    const auth = { ...policy, stopCodes: [4001] }
    expect(reconnects({ code: 4001 }, 0, auth)).toBe(false)
    expect(reconnects({ code: 4002 }, 0, auth)).toBe(true)
  })

  it('never reconnects when reconnect is off', () => {
    expect(reconnects({ code: 1006 }, 0, reconnectPolicy(false))).toBe(false)
  })
})

describe('what follows an ending', () => {
  it.each([
    ['a drop while someone uses it', { code: 1006 }, { retries: 0, wanted: true }, 'retry', AfterEnd.retry],
    ['a cut while the app is hidden', { code: 1000, reason: 'interrupted', hidden: true }, { retries: 0, wanted: true }, 'wait', AfterEnd.wait],
    ['a drop nobody is left to see', { code: 1006 }, { retries: 0, wanted: false }, 'close', AfterEnd.close],
    ['a drop after the last attempt', { code: 1006 }, { retries: 5, wanted: true }, 'give up', AfterEnd.giveUp],
    ['a goodbye from the server', { code: 1000 }, { retries: 2, wanted: true }, 'close', AfterEnd.close],
    ['WeChat cutting it while the app is shown', { code: 1000, reason: 'interrupted' }, { retries: 0, wanted: true }, 'retry', AfterEnd.retry],
    ['a drop when the app allows no attempts', { code: 1006 }, { retries: 0, wanted: true, policy: { ...policy, maxAttempts: 0 } }, 'close', AfterEnd.close],
    [
      'an expired-credentials close the app also lists as final',
      { code: 4401 },
      { retries: 0, wanted: true, policy: { ...policy, stopCodes: [4401], authCloseCodes: [4401] } },
      'retry',
      AfterEnd.retry,
    ],
  ] as const)('%s → %s', (_, ending, context, _name, expected) => {
    expect(afterEnd(ending, { policy, ...context })).toBe(expected)
  })
})
