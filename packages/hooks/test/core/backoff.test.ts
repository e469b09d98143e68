import { DEFAULT_RECONNECT, reconnectDelay, reconnectPolicy } from '../../src/core/backoff'

const policy = { ...DEFAULT_RECONNECT, minDelay: 100, maxDelay: 1000, maxAttempts: 5 }

describe('reconnect delay', () => {
  it.each([
    // retry, random, delay
    [0, 0, 100],
    [0, 1, 100],
    [1, 0, 100],
    [1, 1, 200],
    [2, 0.5, 250],
    [3, 1, 800],
    [4, 1, 1000],
    [10, 1, 1000],
    [10, 0, 100],
    [1000, 0.5, 550],
  ])('retry %i with random %f waits %i ms', (retry, random, delay) => {
    expect(reconnectDelay(retry, policy, () => random)).toBe(delay)
  })

  it('spreads clients that dropped together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(5, policy, Math.random)))
    expect(delays.size).toBeGreaterThan(10)
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(100)
    for (const d of delays) expect(d).toBeLessThanOrEqual(1000)
  })

  it('refuses a policy whose numbers make no sense', () => {
    expect(() => reconnectPolicy({ minDelay: 10, maxDelay: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })
})
