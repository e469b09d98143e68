// The globals a mini-program engine does give the library. The build compiles with no
// DOM or Node types, so using anything else (URL, TextEncoder, WebSocket, …) fails to compile.
declare function setTimeout(callback: () => void, ms?: number): number
declare function clearTimeout(id: number | undefined): void
declare const process: { env: Record<string, string | undefined> }
declare const console: { log(...args: unknown[]): void }
