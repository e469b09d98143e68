import { mount, type VueWrapper } from '@vue/test-utils'
import { createApp, defineComponent, effectScope, h, nextTick, ref, watch, type PropType } from 'vue'
import type { SocketRegistry, SocketRegistryOptions } from '../../src/core/registry'
import type { PlatformEmulator } from '../../src/testing/platform-emulator'
import { createTestClock } from '../../src/testing/clock'
import { startServer, type TestServer } from '../../src/testing/server'
import { settle, waitFor } from '../../src/testing/wait'
import { createSocketRegistry } from '../../src/taro'
import { createSocketPlugin, provideSocketRegistry, useSocket, useSocketRegistry, useSocketStats, type UseSocketOptions } from '../../src/vue'

/** Where the composables run: the registry options of a platform (emulated, or Taro's H5 runtime). */
export interface VueSetup {
  /** Options that make a registry on this platform (createSocketRegistry or the plugin takes them). */
  options: SocketRegistryOptions
  /** The platform's socket limit. */
  cap: number
  /** Emulated platforms can go to the background and kill sockets; the real H5 runtime cannot here. */
  app?: PlatformEmulator['app']
  teardown(): void
}

/** A component showing its socket's status (and error code), counting its renders. */
export const Status = defineComponent({
  props: {
    url: { type: String as PropType<string | null>, default: null },
    id: { type: String, required: true },
    options: { type: Object as PropType<UseSocketOptions<string>>, default: () => ({}) },
    renders: { type: Object as PropType<{ n: number }>, default: () => ({ n: 0 }) },
  },
  setup(props) {
    const { status, error } = useSocket<string>(() => props.url, props.options)
    return () => {
      props.renders.n++
      return h('p', { 'data-testid': props.id }, status.value + (error.value ? ` ${error.value.code}` : ''))
    }
  },
})

/** A component showing the last message it received. */
const Last = defineComponent({
  props: { url: { type: String, required: true }, renders: { type: Object as PropType<{ n: number }>, required: true } },
  setup(props) {
    const { lastMessage } = useSocket<string>(props.url)
    return () => {
      props.renders.n++
      return h('p', { 'data-testid': 'last' }, lastMessage.value ?? '-')
    }
  },
})

const text = (wrapper: VueWrapper, id: string) => wrapper.find(`[data-testid="${id}"]`).text()

/**
 * taro-socket-hooks/vue through Vue 3 components (@vue/test-utils) against a real server on
 * 127.0.0.1: the same checks on every emulated platform and through Taro's real H5 runtime.
 */
export function describeVueComposables(name: string, setup: (options?: SocketRegistryOptions) => VueSetup): void {
  describe(`Vue composables on ${name}`, () => {
    let server: TestServer
    let env: VueSetup
    let registry: SocketRegistry
    const wrappers: VueWrapper[] = []
    const url = (path = '') => server.url + path
    /** Mounts `render` with the plugin holding this test's registry. */
    const mountWith = (render: () => ReturnType<typeof h>, plugin = createSocketPlugin({ registry })) => {
      const wrapper = mount(defineComponent({ setup: () => render }), { global: { plugins: [plugin] } })
      wrappers.push(wrapper)
      return wrapper
    }
    const reconfigure = (options: SocketRegistryOptions) => {
      registry.dispose()
      env.teardown()
      env = setup(options)
      registry = createSocketRegistry({ releaseDelay: 20, ...env.options })
    }

    beforeEach(async () => {
      server = await startServer()
      env = setup()
      registry = createSocketRegistry({ releaseDelay: 20, ...env.options })
    })
    afterEach(async () => {
      for (const wrapper of wrappers.splice(0)) wrapper.unmount()
      registry.dispose()
      env.teardown()
      await server.close()
    })

    it('shares one socket between components on the same URL', async () => {
      const wrapper = mountWith(() => [h(Status, { url: url('/chat'), id: 'a' }), h(Status, { url: url('/chat'), id: 'b' })] as never)
      await waitFor(() => text(wrapper, 'a') === 'open' && text(wrapper, 'b') === 'open', 'both open')
      expect(server.sockets).toHaveLength(1)
      expect(registry.stats()).toMatchObject({ connections: 1, active: 1 })
    })

    it('goes connecting → open → reconnecting → open across a server restart, then closing → closed on close()', async () => {
      const seen: string[] = []
      let socket!: ReturnType<typeof useSocket>
      const wrapper = mountWith(() =>
        h(
          defineComponent({
            setup() {
              socket = useSocket(url())
              watch(socket.status, (s) => seen.push(s), { immediate: true, flush: 'sync' })
              return () => h('p', socket.status.value)
            },
          }),
        ),
      )
      await waitFor(() => socket.status.value === 'open', 'open')
      await server.stop()
      await waitFor(() => socket.status.value === 'reconnecting', 'reconnecting')
      await server.start()
      await waitFor(() => socket.status.value === 'open', 'open again')
      socket.close()
      await waitFor(() => socket.status.value === 'closed', 'closed')
      await nextTick()
      expect(wrapper.text()).toBe('closed')
      // In order; while the server is down, retries go through reconnecting, queued (waiting for the
      // platform to free the dropped socket's slot) and connecting, as many times as it takes.
      const changes = seen.filter((s, i) => s !== seen[i - 1])
      expect(changes.slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting'])
      expect(changes.slice(-3)).toEqual(['open', 'closing', 'closed'])
      expect(changes.slice(3, -3).filter((s) => !['reconnecting', 'queued', 'connecting'].includes(s))).toEqual([])
    })

    it('delivers sends made before open and while reconnecting, in order, and shows them queued meanwhile', async () => {
      let socket!: ReturnType<typeof useSocket>
      mountWith(() =>
        h(
          defineComponent({
            setup() {
              socket = useSocket(url('/queue'))
              return () => h('p', `${socket.status.value} ${socket.queued.value}`)
            },
          }),
        ),
      )
      const early = [socket.send('one'), socket.send('two')]
      expect(socket.queued.value).toBe(2)
      await Promise.all(early)
      await waitFor(() => server.sockets[0]?.received.length === 2, 'two at the server')
      await server.stop()
      await waitFor(() => socket.status.value === 'reconnecting', 'reconnecting')
      const late = [socket.send('three'), socket.sendJson({ n: 4 } as never)]
      await waitFor(() => socket.queued.value === 2, 'two queued while reconnecting')
      await server.start()
      await Promise.all(late)
      await waitFor(() => server.sockets[1]?.received.length === 2, 'two more after the reconnect')
      expect(server.sockets.map((s) => s.received)).toEqual([
        ['one', 'two'],
        ['three', '{"n":4}'],
      ])
      await waitFor(() => socket.queued.value === 0, 'queue empty')
    })

    it('reconnects at once when the app comes back after a background kill', async () => {
      if (!env.app) return // the real H5 runtime has no background here; covered on every emulated platform
      // The library's time stands still: the reconnect on show waits for no backoff.
      reconfigure({ clock: createTestClock() })
      const wrapper = mountWith(() => h(Status, { url: url(), id: 's' }))
      await waitFor(() => text(wrapper, 's') === 'open', 'open')
      env.app!.hide({ killSockets: true })
      await waitFor(() => server.openCount === 0, 'killed in the background')
      await settle(50)
      expect(server.sockets).toHaveLength(1) // nothing reconnects while the app is hidden
      env.app!.show()
      await waitFor(() => text(wrapper, 's') === 'open' && server.openCount === 1, 'back')
      expect(server.sockets).toHaveLength(2)
    })

    it("disposes the plugin's registry when the app unmounts: no socket left at the server", async () => {
      const plugin = createSocketPlugin({ ...env.options, releaseDelay: 60_000 })
      let seen: SocketRegistry | undefined
      const probe = defineComponent({
        setup() {
          seen = useSocketRegistry()
          return () => null
        },
      })
      const wrapper = mountWith(
        () => [h(probe), ...Array.from({ length: env.cap }, (_, i) => h(Status, { url: url(`/app-${i}`), id: `a${i}` }))] as never,
        plugin,
      )
      await waitFor(() => server.openCount === env.cap, `${env.cap} open`)
      expect(seen).not.toBe(registry)
      wrapper.unmount()
      wrappers.splice(wrappers.indexOf(wrapper), 1)
      // Far less than the release delay: the sockets go because the app went.
      await waitFor(() => server.openCount === 0, 'every socket closed')
      expect(seen!.stats()).toMatchObject({ active: 0, connections: 0 })
      expect(env.app?.listeners ?? 0).toBe(0)
    })

    it('moves to the new socket when the URL ref changes, and lets the old one go', async () => {
      const room = ref('lobby')
      let socket!: ReturnType<typeof useSocket>
      const wrapper = mountWith(() =>
        h(
          defineComponent({
            setup() {
              socket = useSocket(() => url(`/${room.value}`))
              return () => h('p', { 'data-testid': 's' }, socket.status.value)
            },
          }),
        ),
      )
      await waitFor(() => text(wrapper, 's') === 'open' && server.openCount === 1, 'open on /lobby')
      room.value = 'design'
      // At once: a send right after the change goes to the new room.
      await socket.send('hello design')
      await waitFor(() => server.sockets.length === 2 && server.sockets[1]!.received.length === 1, 'sent on the new socket')
      expect(server.sockets.map((s) => s.url)).toEqual(['/lobby', '/design'])
      expect(server.sockets[1]!.received).toEqual(['hello design'])
      await waitFor(() => server.openCount === 1 && server.sockets[0]!.closed !== null, 'the old socket released')
      expect(text(wrapper, 's')).toBe('open')
    })

    it('applies option changes that pick the same socket without reconnecting', async () => {
      const got: string[] = []
      const prefix = ref('a')
      const wrapper = mountWith(() => h(Status, { url: url('/same'), id: 's', options: { onMessage: (m: string) => got.push(`${prefix.value}:${m}`) } }))
      await waitFor(() => text(wrapper, 's') === 'open', 'open')
      server.broadcast('1')
      await waitFor(() => got.length === 1, 'first message')
      prefix.value = 'b'
      server.broadcast('2')
      await waitFor(() => got.length === 2, 'second message')
      expect(got).toEqual(['a:1', 'b:2'])
      expect(server.sockets).toHaveLength(1)
    })

    it('re-renders a component only for the refs it reads', async () => {
      const statusRenders = { n: 0 }
      const lastRenders = { n: 0 }
      const wrapper = mountWith(
        () => [h(Status, { url: url('/r'), id: 's', renders: statusRenders }), h(Last, { url: url('/r'), renders: lastRenders })] as never,
      )
      await waitFor(() => text(wrapper, 's') === 'open', 'open')
      await settle(30)
      const [statusBefore, lastBefore] = [statusRenders.n, lastRenders.n]
      for (let i = 1; i <= 20; i++) server.broadcast(`m${i}`)
      await waitFor(() => text(wrapper, 'last') === 'm20', 'the last message shown')
      await settle(30)
      expect(statusRenders.n).toBe(statusBefore)
      expect(lastRenders.n).toBeGreaterThan(lastBefore)
    })

    it('shows the slots in use and the queue with useSocketStats', async () => {
      let stats!: ReturnType<typeof useSocketStats>
      const wrapper = mountWith(() =>
        h(
          defineComponent({
            setup() {
              stats = useSocketStats()
              return () => [
                h('p', { 'data-testid': 'stats' }, `${stats.active}/${stats.maxConnections} ${stats.queued}`),
                ...Array.from({ length: env.cap + 1 }, (_, i) => h(Status, { url: url(`/slot-${i}`), id: `c${i}` })),
              ]
            },
          }),
        ),
      )
      await waitFor(() => text(wrapper, 'stats') === `${env.cap}/${env.cap} 1`, 'slots full, one waiting')
      expect(text(wrapper, `c${env.cap}`)).toBe('queued')
    })

    it('works in a bare effectScope, inside the app or with a provided registry, and lets go when the scope stops', async () => {
      const app = createApp({ render: () => null })
      app.use(createSocketPlugin({ registry }))
      const scope = effectScope()
      const socket = app.runWithContext(() => scope.run(() => useSocket(url('/scope')))!)
      await waitFor(() => socket.status.value === 'open' && server.openCount === 1, 'open in the scope')
      expect(registry.stats().connections).toBe(1)
      scope.stop()
      await waitFor(() => server.openCount === 0 && registry.stats().connections === 0, 'released when the scope stopped')

      // A registry provided by a component for its subtree, disposed with it.
      let inner: SocketRegistry | undefined
      const Owner = defineComponent({
        setup() {
          inner = provideSocketRegistry({ ...env.options, releaseDelay: 60_000 })
          return () => h(Status, { url: url('/owned'), id: 'o' })
        },
      })
      const wrapper = mountWith(() => h(Owner))
      await waitFor(() => text(wrapper, 'o') === 'open', 'open on the provided registry')
      expect(inner).not.toBe(registry)
      expect(inner!.stats().connections).toBe(1)
      wrapper.unmount()
      wrappers.splice(wrappers.indexOf(wrapper), 1)
      await waitFor(() => server.openCount === 0, 'closed with its component')
    })

    it('refuses to start outside setup() or an effectScope, with INVALID_OPTIONS', () => {
      expect(() => useSocket(url())).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining('effectScope') }))
      expect(registry.stats().connections).toBe(0)
    })
  })
}
