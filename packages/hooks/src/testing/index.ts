/**
 * taro-socket-hooks/testing: test your own components against a real WebSocket server on
 * 127.0.0.1, through a `connect` that behaves like a chosen platform's Taro.connectSocket.
 * Node only (it uses the `ws` package); not part of the app bundle.
 */
export { emulatePlatform, EmulatedSocketTask, type EmulatedPlatform, type EmulatorOptions, type PlatformEmulator } from './platform-emulator'
export { startServer as startTestServer, type ServerSocket, type TestServer, type TestServerOptions } from './server'
export { settle, waitFor } from './wait'
export { createTestClock, type TestClock } from './clock'
export { emulateStorage, type EmulatedStorage, type StorageLimits } from './storage'
