import { createServer, type AddressInfo } from 'node:net'

/** A port free on 127.0.0.1 right now, for a child process that must be told its port. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const { port } = probe.address() as AddressInfo
  await new Promise((r) => probe.close(r))
  return port
}

/**
 * Two different free ports. Asking freePort() twice may give the same port twice (the system
 * hands a closed port out again), so both probes stay open until each has its own.
 */
export async function freePortPair(): Promise<[number, number]> {
  const probes = [createServer(), createServer()] as const
  await Promise.all(probes.map((probe) => new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))))
  const ports: [number, number] = [(probes[0].address() as AddressInfo).port, (probes[1].address() as AddressInfo).port]
  await Promise.all(probes.map((probe) => new Promise((r) => probe.close(r))))
  return ports
}

/** Whether a server could listen on the port now. */
export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })

/**
 * Polls until `check` holds. The deadline (30 s unless given) only bounds a failure, so that a
 * busy machine is slow rather than wrong; `describe` adds what was seen to the failure.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 30_000, describe = () => ''): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
