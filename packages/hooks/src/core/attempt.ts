import type { Clock } from './clock'
import { fromPlatformError, socketError, type SocketError } from './errors'
import type { CloseEvent, CloseRequest } from './machine'
import type { OutgoingData } from './outbox'
import { CLOSED, CLOSING, OPEN, type SocketConnectOptions, type SocketTaskLike, type SocketTransport } from './types'

/** How an attempt ended, for the machine. */
export interface Ending {
  code: number | null
  reason?: string
  error?: SocketError
  close?: CloseEvent
}

/** What an attempt tells its connection. After `ended`, it says nothing more. */
export interface AttemptEvents {
  opened(): void
  message(data: unknown): void
  /** An error on the open socket; it stays open until it closes. */
  error(error: SocketError): void
  ended(ending: Ending): void
}

export interface AttemptConfig {
  connect: SocketTransport
  /** The options, or a function that gives them (the request's url/data/header functions). */
  options: SocketConnectOptions | (() => Promise<SocketConnectOptions>)
  /** The URL, redacted, for error messages. */
  url: string
  connectMs: number
  closeMs: number
  platformConnectMs: number
  /** Takes a slot for a socket given up on that the platform still counts; returns its release. */
  holdAbandoned(): () => void
  /**
   * Every task drives one global socket (Taro's Alipay runtime): a handler given to any task
   * hears every later socket, and close() closes whichever is current.
   */
  globalSocket?: boolean | undefined
  clock: Clock
}

/** One connect attempt: one platform task, its handlers and its own timers. */
export interface Attempt {
  /** Whether the platform still has the socket open; undefined where tasks have no readyState. */
  readonly alive: boolean | undefined
  send(data: OutgoingData, sent: () => void, failed: (res: unknown) => void): void
  /** Closes the open socket. Ends when the platform confirms, or after closeTimeout. */
  close(request: CloseRequest): void
  /** Gives the socket up (timed out, declared dead): ends now with this error. */
  abandon(error: SocketError): void
}

/**
 * Where an attempt is:
 * - `preparing`: the options are being asked for; the platform has no socket yet;
 * - `connecting`: connectSocket was called (only from here can the platform count a socket);
 * - `open`: the socket opened;
 * - `finished`: the connection was told; a socket given up on during its handshake may still be
 *   held (`held`, below) until the platform lets it go.
 */
const enum Phase {
  preparing,
  connecting,
  open,
  finished,
}

const readyState = (task: SocketTaskLike | null): number | undefined => {
  if (!task) return undefined
  const state = (task as { readyState?: unknown }).readyState
  return typeof state === 'number' ? state : undefined
}

function closeQuietly(task: SocketTaskLike): void {
  try {
    task.close({ code: 1000 })
  } catch {
    // the task is being given up; nothing to report
  }
}

/**
 * Connects once. It registers exactly one handler per task event, because some runtimes
 * (Taro H5) keep only the last handler given, and reports to the connection until it ends.
 * A handshake it gives up on still counts on the platform (a close before open does nothing
 * there), so it holds a slot until the platform reports the socket closed or failed.
 */
export function startAttempt(config: AttemptConfig, events: AttemptEvents): Attempt {
  const { url, clock } = config
  let phase: Phase = Phase.preparing
  let task: SocketTaskLike | null = null
  // The one timer running: the connect timeout, then the close confirmation.
  let timer: unknown
  // Ended while the platform still counts the socket: lets its slot go.
  let held: (() => void) | null = null
  // The protocols offered: a server that picks none of them fails the handshake on most platforms.
  let offered: readonly string[] | undefined

  // Ended, and no socket given up on is still held: the task's handlers are no longer needed
  // (with one global socket they would otherwise hear every later socket, and pile up).
  const retire = (): void => {
    if (phase === Phase.finished && !held && task && task.release) task.release()
  }

  const end = (ending: Ending): void => {
    if (phase === Phase.finished) return
    phase = Phase.finished
    clock.clearTimeout(timer)
    events.ended(ending)
    retire()
  }

  // The platform no longer counts the socket.
  const gone = (): void => {
    const release = held
    held = null
    if (release) release()
    retire()
  }

  const open = (): void => {
    phase = Phase.open
    clock.clearTimeout(timer)
    events.opened()
  }

  const giveUp = (): void => {
    if (phase === Phase.connecting && readyState(task) !== CLOSED) {
      const release = config.holdAbandoned()
      const platformTimer = clock.setTimeout(gone, config.platformConnectMs)
      held = () => {
        clock.clearTimeout(platformTimer)
        release()
      }
    }
    if (task) closeQuietly(task)
  }

  const attach = (newTask: SocketTaskLike): void => {
    newTask.onOpen(() => {
      if (phase === Phase.finished) {
        // Opened after it was given up: close it now. With one global socket a later socket's
        // open reaches this handler too; then only while the socket given up on is still held.
        if (!config.globalSocket || held) closeQuietly(newTask)
      } else if (phase !== Phase.open) open()
    })
    newTask.onMessage((res) => {
      if (phase !== Phase.finished) events.message(res.data)
    })
    newTask.onError((res) => {
      if (phase === Phase.finished) gone()
      else if (phase === Phase.open) events.error(fromPlatformError('CONNECTION_ERROR', { url }, res))
      // Before open an error is the handshake failing (Alipay: success, then onSocketError 503).
      else end({ code: null, error: fromPlatformError('CONNECT_FAILED', { url, protocols: offered }, res) })
    })
    newTask.onClose((res) => {
      if (phase === Phase.finished) {
        gone()
        return
      }
      const code = typeof res?.code === 'number' ? res.code : 1006
      const reason = typeof res?.reason === 'string' ? res.reason : ''
      const close = { code, reason, wasRequested: false }
      if (phase === Phase.open) end({ code, reason, close })
      else end({ code, reason, close, error: socketError('CONNECT_FAILED', { url, detail: 'closedEarly', n: code, protocols: offered }) })
    })
    task = newTask
    if (phase === Phase.finished) {
      // Given up on before the task came: the platform may still count it until it closes.
      if (readyState(newTask) === CLOSED) gone()
      else {
        closeQuietly(newTask)
        retire()
      }
    } else if (readyState(newTask) === OPEN && phase === Phase.connecting) {
      // Some runtimes resolve connectSocket late, after the socket has opened.
      open()
    }
  }

  timer = clock.setTimeout(() => {
    const error = socketError('CONNECT_TIMEOUT', { url, n: config.connectMs })
    giveUp()
    end({ code: null, error })
  }, config.connectMs)

  const connect = (options: SocketConnectOptions): Promise<SocketTaskLike> => {
    // Given up on while the options were asked for: nothing to connect.
    if (phase === Phase.finished) throw socketError('CONNECT_TIMEOUT', { url, n: config.connectMs })
    phase = Phase.connecting
    offered = options.protocols
    return config.connect(options)
  }
  const { options } = config
  let pending: Promise<SocketTaskLike>
  try {
    pending = typeof options === 'function' ? options().then(connect) : connect(options)
  } catch (thrown) {
    pending = Promise.reject(thrown)
  }
  Promise.resolve(pending).then(attach, (reason: unknown) => {
    if (phase === Phase.finished) gone()
    else end({ code: null, error: fromPlatformError('CONNECT_FAILED', { url, protocols: offered }, reason) })
  })

  return {
    get alive() {
      const state = readyState(task)
      return state === undefined ? undefined : state === OPEN
    },
    send(data, sent, failed) {
      if (!task) {
        failed({ errMsg: 'send:fail no socket' })
        return
      }
      try {
        const result = task.send({ data, success: () => sent(), fail: failed })
        // Taro H5 also returns a promise that rejects alongside `fail`; it is handled there.
        const promise = result as Promise<unknown> | undefined
        if (promise && typeof promise.then === 'function') promise.then(undefined, () => undefined)
      } catch (thrown) {
        failed(thrown)
      }
    },
    close(request) {
      if (!task) return
      const confirmLost = () => end({ code: null, close: { code: 1006, reason: 'closed without confirmation', wasRequested: true } })
      const before = readyState(task)
      try {
        task.close({ code: request.code, ...(request.reason !== undefined ? { reason: request.reason } : {}) })
      } catch (thrown) {
        events.error(fromPlatformError('CONNECTION_ERROR', { url }, thrown))
        confirmLost()
        return
      }
      // A socket the platform already dropped without telling (background kill) never reports
      // onClose; neither may a platform that loses the close. Do not hold the slot forever.
      if (before === CLOSING || before === CLOSED || readyState(task) === CLOSED) confirmLost()
      else {
        clock.clearTimeout(timer)
        timer = clock.setTimeout(confirmLost, config.closeMs)
      }
    },
    abandon(error) {
      if (phase === Phase.finished) return
      const wasOpen = phase === Phase.open
      giveUp()
      end({ code: null, error, ...(wasOpen ? { close: { code: 1006, reason: error.message, wasRequested: false } } : {}) })
    },
  }
}
