import { systemClock } from '../../src/core/clock'
import { createHeartbeat } from '../../src/core/heartbeat'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

function beat(interval: number, timeout: number) {
  const pings: number[] = []
  const deaths: number[] = []
  const start = Date.now()
  const hb = createHeartbeat(
    { interval, timeout, message: () => `ping@${Date.now() - start}` },
    () => pings.push(Date.now() - start),
    () => deaths.push(Date.now() - start),
    // jest's fake timers replace the globals the system clock calls.
    systemClock,
  )
  return { hb, pings, deaths }
}

describe('heartbeat', () => {
  it.each([
    [1000, 300],
    [1000, 2500],
    [1000, 1000],
  ])('interval %i, timeout %i: a silent socket dies at interval + timeout', (interval, timeout) => {
    const { hb, deaths } = beat(interval, timeout)
    hb.start()
    jest.advanceTimersByTime(interval + timeout - 1)
    expect(deaths).toEqual([])
    jest.advanceTimersByTime(1)
    expect(deaths).toEqual([interval + timeout])
  })

  it.each([
    [1000, 300],
    [1000, 2500],
  ])('interval %i, timeout %i: a socket that answers every ping never dies', (interval, timeout) => {
    const { hb, pings, deaths } = beat(interval, timeout)
    hb.start()
    for (let t = 0; t < 20_000; t += 100) {
      const before = pings.length
      jest.advanceTimersByTime(100)
      if (pings.length > before) hb.alive() // the server answers at once
    }
    expect(deaths).toEqual([])
    expect(pings.length).toBe(20)
  })

  it('counts any incoming message as life, not only a pong', () => {
    const { hb, deaths } = beat(1000, 500)
    hb.start()
    jest.advanceTimersByTime(1200)
    hb.alive() // a chat message, say
    jest.advanceTimersByTime(1000)
    expect(deaths).toEqual([])
  })

  it('sends nothing and never dies once stopped (app in the background)', () => {
    const { hb, pings, deaths } = beat(1000, 500)
    hb.start()
    jest.advanceTimersByTime(1100)
    hb.stop()
    jest.advanceTimersByTime(10_000)
    expect(pings).toEqual([1000])
    expect(deaths).toEqual([])
  })

  it('probe() pings at once and expects an answer within the timeout', () => {
    const { hb, pings, deaths } = beat(10_000, 500)
    hb.start()
    jest.advanceTimersByTime(100)
    hb.probe()
    expect(pings).toEqual([100])
    jest.advanceTimersByTime(500)
    expect(deaths).toEqual([600])
  })
})
