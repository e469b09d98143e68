/**
 * taro-socket-hooks/websocket: a standard WebSocket class whose sockets come from a registry,
 * for clients that take a WebSocket implementation (graphql-ws, centrifuge, partysocket…).
 * A separate entry, so that apps that do not use it do not ship it.
 */
export {
  webSocketFor,
  type WebSocketClass,
  type WebSocketLike,
  type WebSocketEvent,
  type WebSocketMessageEvent,
  type WebSocketErrorEvent,
  type WebSocketCloseEvent,
} from './core/websocket'
