import type { SocketStatus } from 'taro-socket-hooks'

/**
 * A socket problem in words for the person at the screen. The error's code and message (with
 * the server's URL) are for developers: they stay on the error object and in the console.
 */
export function problemText(error: { code?: string } | null | undefined): string | undefined {
  if (!error) return undefined
  switch (error.code) {
    case 'CONNECT_FAILED':
    case 'CONNECT_TIMEOUT':
    case 'CONNECTION_ERROR':
    case 'HEARTBEAT_TIMEOUT':
    case 'EVICTED':
      return "Can't reach the server right now · trying again"
    case 'RECONNECT_FAILED':
      return "Can't reach the server · stopped trying"
    case 'LIMIT_REACHED':
      return 'Too many connections are open in this app'
    case 'QUEUE_FULL':
      return 'Too many messages are waiting · send again once connected'
    case 'MESSAGE_EXPIRED':
    case 'NOT_OPEN':
    case 'SEND_FAILED':
    case 'REQUEST_LOST':
      return 'Not sent · send it again'
    case 'TOPIC_REFUSED':
      return 'The server turned this room down'
    default:
      return 'Something went wrong with the connection'
  }
}

/**
 * The composer's note: while messages wait it says how many and what the socket is doing, and
 * nothing else (a failed attempt while reconnecting does not replace it); otherwise the last
 * problem, if any. `connectedBefore`: this socket has been open, so a wait is a reconnect.
 */
export function composerNote(waiting: number, status: SocketStatus, connectedBefore: boolean, error: { code?: string } | null): string | undefined {
  if (waiting > 0) return `${waiting} waiting · ${status === 'open' ? 'sending' : connectedBefore ? 'reconnecting' : 'connecting'}`
  return problemText(error)
}
