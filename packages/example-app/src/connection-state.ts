import type { SocketStatus } from 'taro-socket-hooks'

/**
 * What the person at the screen needs to know about a socket, in one word. The library's status
 * says what the socket does; this says what it means: `offline` is a reconnect whose attempts
 * fail (the server cannot be reached), `reconnecting` one that has not failed yet.
 */
export type ConnectionState = 'connected' | 'connecting' | 'reconnecting' | 'offline' | 'waiting' | 'closed' | 'paused'

export function connectionState(status: SocketStatus | 'released', hasError: boolean, connectedBefore: boolean): ConnectionState {
  switch (status) {
    case 'open':
      return 'connected'
    case 'queued':
      return 'waiting'
    case 'reconnecting':
      return hasError ? 'offline' : 'reconnecting'
    case 'connecting':
      // During a reconnect every attempt is a new connect.
      return hasError ? 'offline' : connectedBefore ? 'reconnecting' : 'connecting'
    case 'released':
    case 'idle':
      return 'paused'
    default:
      return 'closed'
  }
}

export const STATE_LABEL: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  waiting: 'Waiting for a slot',
  closed: 'Disconnected',
  paused: 'Paused',
}

/** Whether what the page shows is live, or the last it heard. */
export const isLive = (state: ConnectionState) => state === 'connected'

/**
 * A socket problem in words for the person at the screen. The error's code and message (with
 * the server's URL) are for developers: they stay on the error object and in the console.
 */
export function problemText(error: { code?: string; cause?: unknown } | null | undefined): string | undefined {
  if (!error) return undefined
  switch (error.code) {
    case 'PUBLISH_REFUSED': {
      // The example server words its refusals for people ("Not sent: join #lounge before posting to it.").
      const reason = (error.cause as { message?: unknown } | undefined)?.message
      return typeof reason === 'string' ? reason : 'Not sent: the server turned it down'
    }
    case 'ACK_TIMEOUT':
      return 'Not confirmed: the server did not answer in time'
    case 'OUTBOX_FULL':
    case 'STORAGE_FAILED':
      return 'Not sent: too many messages are waiting on this device'
    case 'CONNECT_FAILED':
    case 'CONNECT_TIMEOUT':
    case 'CONNECTION_ERROR':
    case 'HEARTBEAT_TIMEOUT':
    case 'EVICTED':
      return "Can't reach the server · trying again"
    case 'RECONNECT_FAILED':
      return "Can't reach the server · stopped trying"
    case 'LIMIT_REACHED':
      return 'Too many connections are open in this app'
    case 'QUEUE_FULL':
      return 'Too many messages are waiting · send again once connected'
    case 'MESSAGE_EXPIRED':
      return 'Not sent: no connection for too long'
    case 'NOT_OPEN':
    case 'SEND_FAILED':
    case 'REQUEST_LOST':
      return 'Not sent: the connection dropped'
    case 'REQUEST_TIMEOUT':
      return 'The server did not answer in time'
    case 'TOPIC_REFUSED':
      return 'The server turned this room down'
    default:
      return 'Something went wrong with the connection'
  }
}
