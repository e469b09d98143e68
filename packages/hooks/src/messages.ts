import type { SocketErrorCode } from './core/errors'
import { redact } from './core/url'

/** What went wrong, in a word: the text for each is below (development builds only). */
export type Detail =
  | 'empty'
  | 'relative'
  | 'spaceOrFragment'
  | 'host'
  | 'port'
  | 'data'
  | 'header'
  | 'headerField'
  | 'protocols'
  | 'reason'
  | 'reconnectRange'
  | 'heartbeatRange'
  | 'maxConnections'
  | 'overflow'
  | 'closedFirst'
  | 'closedEarly'
  | 'droppedNoReplay'
  | 'reconnectingNoReplay'
  | 'notOpen'
  | 'noSocket'
  | 'killedAway'
  | 'urlFunction'
  | 'encode'
  | 'handshakeTimeout'
  | 'handshakeOver'
  | 'noStorage'
  | 'feature'
  | 'noScope'

/** A URL as a message shows it: without its query, where tokens live. */
const where = (url: string | undefined): string => (url ? redact(url) : 'the server')

/** Values a message is made of; a message shows a URL without its query (redact). */
export interface MessageParams {
  url?: string
  /** the platform's own words (errMsg), kept in production builds too */
  why?: string
  /** what went wrong, as a key of DETAILS */
  detail?: Detail
  /** what was given, as text */
  got?: string
  /** the protocols a connect offered */
  protocols?: readonly string[] | undefined
  /** a number the message is about: bytes, ms, attempts, a limit */
  n?: number
  limit?: number
}

/** The words for each detail; development builds only, like MESSAGES. */
export const DETAILS: { readonly [D in Detail]: (p: MessageParams) => string } | undefined =
  process.env.NODE_ENV !== 'production'
    ? {
        empty: () => 'it is empty or not a string',
        relative: () => 'it is not absolute',
        spaceOrFragment: () => 'it contains white space (write %20) or a #fragment',
        host: () => 'it has no valid host',
        port: () => 'its port is out of range (1-65535)',
        data: () => 'it must be a plain object of query parameters',
        header: () => 'it must be an object of header names to string values',
        headerField: () => "names are letters, digits and !#$%&'*+-.^_`|~ (not Referer), values strings without line breaks",
        protocols: () => 'it must be an array of non-empty strings',
        reason: () => 'it must be a string',
        reconnectRange: () => 'it needs 0 <= minDelay <= maxDelay and maxAttempts >= 0',
        heartbeatRange: () => 'interval and timeout must be greater than 0',
        maxConnections: () => 'it must be a whole number of at least 1',
        overflow: () => "it must be 'queue', 'reject' or evict() (exported by taro-socket-hooks, taro-socket-hooks/vue and taro-socket-hooks/core)",
        closedFirst: () => 'the socket closed before it was sent',
        closedEarly: (p) => `the socket closed before it opened (code ${p.n})`,
        droppedNoReplay: () => 'the socket dropped and the message is marked replay: false',
        reconnectingNoReplay: () => 'the socket is reconnecting and the message is marked replay: false',
        notOpen: (p) => `the socket is ${p.got || 'not open'}`,
        noSocket: () => 'there is no socket: the URL is null, enabled is false, or nothing is subscribed',
        killedAway: () => 'the platform closed it while the app was away',
        urlFunction: () => 'it threw or gave no URL',
        encode: () => 'the protocol could not encode it',
        handshakeTimeout: (p) => `it did not finish within ${p.n} ms (connectTimeout)`,
        handshakeOver: () => 'the handshake is over; send through the socket instead',
        feature: () =>
          'give what the factory of that name makes: heartbeat({ … }), trace(), handshake(fn) (exported by taro-socket-hooks, taro-socket-hooks/vue and taro-socket-hooks/core)',
        noStorage: () => 'the registry has no durable storage: pass durable: durableOutbox({ storage: taroStorage() }) to createSocketRegistry',
        noScope: () =>
          'A composable (useSocket, useTopic, useRequest, useSocketStats) was called outside setup() and any effectScope, so nothing would ever release its socket. Call it in setup() or inside effectScope().run()',
      }
    : undefined

/**
 * Every error text, keyed by code, in one style: what happened, then what to do.
 * Development builds only: bundlers replace `process.env.NODE_ENV` with a literal, so in a
 * production build this is undefined and the texts are not shipped. (core/ reads only
 * NODE_ENV, for development-only checks; taro/ reads TARO_ENV.)
 */
export const MESSAGES: { readonly [C in SocketErrorCode]: (p: MessageParams) => string } | undefined =
  process.env.NODE_ENV !== 'production'
    ? {
        INVALID_URL: (p) => `The socket URL ${p.got} is not valid: ${p.why}. Write it as wss://host/path.`,
        INVALID_SCHEME: (p) => `The socket URL starts with ${p.got}://. Use wss:// (or ws:// in development).`,
        INSECURE_URL: (p) => `ws:// is refused on ${p.got}, which takes only wss://. Use wss://, or allowInsecure: true for local development.`,
        INVALID_OPTIONS: (p) => (p.got ? `${p.got} is not valid: ${p.why}. Fix the option as the README describes.` : `${p.why}.`),
        INVALID_CLOSE_CODE: (p) => `Close code ${p.got} is not allowed. Use 1000, or an application code from 3000 to 4999.`,
        CLOSE_REASON_TOO_LONG: (p) => `The close reason is ${p.n} UTF-8 bytes, over the limit of 123. Shorten it.`,
        INVALID_MESSAGE: (p) =>
          `${p.got || 'The message'} cannot be sent${p.why ? ` (${p.why})` : ''}. Send a string, an ArrayBuffer or an ArrayBufferView (a typed array, DataView or Buffer), or a value JSON can represent with sendJson().`,
        MESSAGE_TOO_LARGE: (p) => `The message is ${p.n} bytes, over maxMessageBytes (${p.limit}). Split it, or raise the limit.`,
        LIMIT_REACHED: (p) => `All ${p.limit} sockets this platform allows are in use. Close one, or use overflow: 'queue'.`,
        EVICTED: () => `The socket was closed to make room for a newer one (overflow: evict()). It reconnects when a slot frees.`,
        CONNECT_FAILED: (p) =>
          `Could not connect to ${where(p.url)}${p.why ? `: ${p.why}` : ''}. Check the URL and that the server is up` +
          (p.protocols
            ? `, and that it picks one of the protocols offered (${p.protocols.join(', ')}): a server that speaks none of them fails the handshake, so leave protocols out for it`
            : '') +
          '; with reconnect on, it retries.',
        CONNECTION_ERROR: (p) => `The socket to ${where(p.url)} reported an error${p.why ? `: ${p.why}` : ''}. It reconnects if the socket drops.`,
        NOT_OPEN: (p) => `The message was not sent: ${p.why}. Open the socket (open()) and send again.`,
        SEND_FAILED: (p) => `The platform could not send the message${p.why ? `: ${p.why}` : ''}. Send it again once the socket is open.`,
        QUEUE_FULL: (p) => `${p.limit} messages already wait for the socket to open. Wait for it, or raise maxQueuedMessages.`,
        MESSAGE_EXPIRED: (p) => `The socket did not open within the message's ttl of ${p.n} ms. Send it again, or give a longer ttl.`,
        CONNECT_TIMEOUT: (p) =>
          `The handshake with ${where(p.url)} took over ${p.n} ms. With reconnect on, it retries; raise connectTimeout for slow networks.`,
        HEARTBEAT_TIMEOUT: (p) => `Nothing came back within ${p.n} ms of a heartbeat. The socket is dropped and reconnected.`,
        RECONNECT_FAILED: (p) => `Gave up reconnecting to ${where(p.url)} after ${p.n} attempts. Call open() to try again.`,
        PARSE_FAILED: () => `parse() threw on a received message, which was skipped. Fix parse, or handle bad input inside it.`,
        DISPOSED: () => `This registry was disposed (its SocketProvider unmounted). Create a new one to open sockets.`,
        TOPIC_REFUSED: (p) => `The server refused the subscription to "${p.got}" (see cause). Check the topic name, params and the user's rights.`,
        REQUEST_TIMEOUT: (p) => `No reply to request "${p.got}" within ${p.n} ms. Send it again, or give a longer timeout.`,
        REQUEST_FAILED: () => `The server answered the request with an error (see cause). Fix the request, or handle the error.`,
        REQUEST_LOST: () =>
          `The socket dropped after the request went out and before its reply: the server may or may not have handled it. Send it again if that is safe.`,
        HANDSHAKE_FAILED: (p) =>
          `The socket's handshake failed${p.why ? `: ${p.why}` : ' (see cause)'}. With reconnect on, it retries; fix the handshake or the server's answer to it.`,
        PUBLISH_REFUSED: (p) => `The server refused the publish to "${p.got}" (see cause). Check the topic, the message and the user's rights.`,
        ACK_TIMEOUT: (p) =>
          `The server did not acknowledge the publish to "${p.got}" within ${p.n} ms. Publish it again (the same id lets the server drop a copy), or give a longer timeout.`,
        OUTBOX_FULL: (p) =>
          `The durable outbox of this socket is full (${p.why}). Wait for the server to acknowledge what waits, or raise durable.maxMessages / maxBytes.`,
        STORAGE_FAILED: (p) =>
          `The platform's storage failed${p.why ? `: ${p.why}` : ' (see cause)'}. The message was not kept; free storage or publish it without durable.`,
        STORAGE_CORRUPT: (p) => `A stored outbox entry (${p.got}) could not be read and was removed; its text is the error's cause.`,
      }
    : undefined
