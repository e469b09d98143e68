import { act, render } from '@testing-library/react'
import { useSocketStats } from '../../src'
import { Status, text, useReactLoopback, withRegistry } from '../support/react-fixture'
import { settle, until } from '../support/wait'

const loopback = useReactLoopback()

describe('useSocketStats', () => {
  it('shows slots in use and who waits, and does not render for messages', async () => {
    let renders = 0
    function Meter() {
      renders++
      const { active, maxConnections, queued } = useSocketStats()
      return <p data-testid="meter">{`${active}/${maxConnections} · ${queued} waiting`}</p>
    }
    const { server, registry } = loopback
    const view = render(
      withRegistry(
        <>
          <Meter />
          {Array.from({ length: 6 }, (_, i) => (
            <Status key={i} id={`s${i}`} url={`${server.url}/${i}`} />
          ))}
        </>,
        registry,
      ),
    )
    await until(() => text('meter') === '5/5 · 1 waiting', 'five in use, one waiting')
    const settled = renders
    for (let i = 0; i < 20; i++) server.broadcast(`tick ${i}`)
    await act(() => settle(100))
    expect(renders).toBe(settled)

    view.rerender(withRegistry(<Meter />, registry))
    await until(() => text('meter') === '0/5 · 0 waiting', 'everyone left')
  })
})
