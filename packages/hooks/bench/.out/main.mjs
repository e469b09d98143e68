// bench/main.ts
import { writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { useWebSocket as useAhooksWebSocket } from "ahooks";
import { createElement as h } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import reactUseWebSocketModule from "react-use-websocket";
import WebSocket3 from "ws";

// src/react/SocketProvider.tsx
import { useState } from "react";

// src/core/errors.ts
var SocketError = class extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "SocketError";
    this.code = code;
    if (details.platformCode !== void 0) this.platformCode = details.platformCode;
    if (details.errMsg !== void 0) this.errMsg = details.errMsg;
    if (details.cause !== void 0) this.cause = details.cause;
    Object.setPrototypeOf(this, new.target.prototype);
  }
};
function isSocketError(value) {
  return value instanceof SocketError;
}
function fromPlatformError(code, what, raw) {
  if (raw instanceof SocketError) return raw;
  const details = { cause: raw };
  if (raw && typeof raw === "object") {
    const r = raw;
    const num = [r.errCode, r.error, r.errno, r.code].find((v) => typeof v === "number");
    if (typeof num === "number") details.platformCode = num;
    const msg = [r.errMsg, r.errorMessage, r.message].find((v) => typeof v === "string" && v !== "");
    if (typeof msg === "string") details.errMsg = msg;
  } else if (typeof raw === "string" && raw !== "") {
    details.errMsg = raw;
  }
  const said = details.errMsg ?? (details.platformCode !== void 0 ? `platform error ${details.platformCode}` : void 0);
  return new SocketError(code, said ? `${what}: ${said}` : what, details);
}

// src/core/backoff.ts
var DEFAULT_RECONNECT = {
  minDelay: 500,
  maxDelay: 3e4,
  maxAttempts: 10,
  stableAfter: 5e3,
  stopCodes: []
};
function reconnectPolicy(options) {
  if (options === false) return null;
  const policy = { ...DEFAULT_RECONNECT, ...options };
  if (!(policy.minDelay >= 0) || !(policy.maxDelay >= policy.minDelay) || !(policy.maxAttempts >= 0)) {
    throw new SocketError("INVALID_OPTIONS", "reconnect: need 0 <= minDelay <= maxDelay and maxAttempts >= 0.");
  }
  return policy;
}
function reconnectDelay(retry, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * 2 ** Math.min(retry, 52));
  return Math.round(policy.minDelay + random() * (ceiling - policy.minDelay));
}
function shouldReconnect(ending, retries, policy) {
  if (!policy || ending.requested) return false;
  if (ending.code === 1e3 || ending.code !== null && policy.stopCodes.includes(ending.code)) return false;
  return retries < policy.maxAttempts;
}

// src/core/close.ts
function validateCloseCode(code) {
  if (code === void 0) return 1e3;
  if (typeof code !== "number" || !Number.isInteger(code) || code !== 1e3 && (code < 3e3 || code > 4999)) {
    throw new SocketError(
      "INVALID_CLOSE_CODE",
      `Close code ${String(code)} is not allowed; use 1000 (normal) or an application code from 3000 to 4999.`
    );
  }
  return code;
}
var MAX_CLOSE_REASON_BYTES = 123;
function validateCloseReason(reason) {
  if (reason === void 0) return void 0;
  if (typeof reason !== "string") {
    throw new SocketError("INVALID_OPTIONS", `Close reason must be a string, got ${typeof reason}.`);
  }
  const bytes = utf8ByteLength(reason);
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    throw new SocketError(
      "CLOSE_REASON_TOO_LONG",
      `Close reason is ${bytes} UTF-8 bytes; the limit is ${MAX_CLOSE_REASON_BYTES}. Shorten it.`
    );
  }
  return reason;
}
function utf8ByteLength(s) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) bytes += 1;
    else if (c < 2048) bytes += 2;
    else if (c >= 55296 && c <= 56319 && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 56320 && next <= 57343) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// src/core/heartbeat.ts
function heartbeatPolicy(options) {
  if (!options) return null;
  const policy = { message: "ping", interval: 25e3, timeout: 1e4, ...options };
  if (!(policy.interval > 0) || !(policy.timeout > 0)) throw new SocketError("INVALID_OPTIONS", "heartbeat: interval and timeout must be greater than 0.");
  return policy;
}
var Heartbeat = class {
  constructor(policy, ping, dead) {
    this.policy = policy;
    this.ping = ping;
    this.dead = dead;
    this.running = false;
  }
  start() {
    this.stop();
    this.running = true;
    this.schedule();
  }
  stop() {
    this.running = false;
    clearTimeout(this.pingTimer);
    clearTimeout(this.deadline);
    this.pingTimer = this.deadline = void 0;
  }
  /** Any message is a sign of life. */
  alive() {
    if (this.deadline === void 0) return;
    clearTimeout(this.deadline);
    this.deadline = void 0;
  }
  /** Pings now and expects an answer within the timeout (after the app comes back, say). */
  probe() {
    if (!this.running) return;
    clearTimeout(this.pingTimer);
    this.beat();
  }
  schedule() {
    this.pingTimer = setTimeout(() => this.beat(), this.policy.interval);
  }
  beat() {
    if (!this.running) return;
    const { message } = this.policy;
    this.ping(typeof message === "function" ? message() : message);
    if (this.deadline === void 0) {
      this.deadline = setTimeout(() => {
        this.deadline = void 0;
        if (this.running) this.dead();
      }, this.policy.timeout);
    }
    if (this.running) this.schedule();
  }
};

// src/core/url.ts
var SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
var AUTHORITY = /^(?:[^@/?#\s]*@)?(\[[0-9a-fA-F:.]+\]|[^:@/?#\s[\]]+)(?::(\d*))?$/;
var DEFAULT_PORT = { ws: "80", wss: "443" };
function parseSocketUrl(url) {
  if (typeof url !== "string") {
    throw new SocketError("INVALID_URL", `Socket URL must be a string, got ${url === null ? "null" : typeof url}.`);
  }
  const trimmed = url.trim();
  if (trimmed === "") throw new SocketError("INVALID_URL", "Socket URL is empty; pass a ws:// or wss:// URL.");
  const scheme = SCHEME.exec(trimmed);
  if (!scheme) {
    throw new SocketError(
      "INVALID_URL",
      `Socket URL "${redact(trimmed)}" is not an absolute URL; write it as wss://host/path.`
    );
  }
  const protocol = scheme[1].toLowerCase();
  if (protocol !== "ws" && protocol !== "wss") {
    throw new SocketError(
      "INVALID_SCHEME",
      `Socket URL must start with ws:// or wss://, got ${protocol}://. ` + (protocol === "https" || protocol === "http" ? `Use ${protocol === "https" ? "wss" : "ws"}:// instead.` : "")
    );
  }
  const rest = trimmed.slice(scheme[0].length);
  if (/\s/.test(rest)) {
    throw new SocketError("INVALID_URL", "Socket URL contains white space; percent-encode it (%20).");
  }
  if (rest.includes("#")) {
    throw new SocketError("INVALID_URL", "Socket URL may not contain a #fragment; WebSocket URLs have none.");
  }
  const pathStart = firstIndex(rest, "/", "?");
  const authority = pathStart === -1 ? rest : rest.slice(0, pathStart);
  const tail = pathStart === -1 ? "" : rest.slice(pathStart);
  const match = AUTHORITY.exec(authority);
  if (!match) {
    throw new SocketError("INVALID_URL", `Socket URL "${redact(trimmed)}" has no valid host.`);
  }
  const port = match[2];
  if (port !== void 0 && port !== "" && (Number(port) < 1 || Number(port) > 65535)) {
    throw new SocketError("INVALID_URL", `Socket URL port ${port} is out of range (1-65535).`);
  }
  const q = tail.indexOf("?");
  const path2 = (q === -1 ? tail : tail.slice(0, q)) || "/";
  const query = q === -1 ? "" : tail.slice(q + 1);
  const at = authority.lastIndexOf("@");
  const userinfo = at === -1 ? "" : authority.slice(0, at + 1);
  const host = match[1].toLowerCase();
  const keepPort = port !== void 0 && port !== "" && port !== DEFAULT_PORT[protocol];
  return {
    scheme: protocol,
    authority: userinfo + host + (keepPort ? `:${port}` : ""),
    path: path2,
    query
  };
}
function formatSocketUrl(parsed) {
  return `${parsed.scheme}://${parsed.authority}${parsed.path}${parsed.query ? `?${parsed.query}` : ""}`;
}
function buildSocketUrl(url, data) {
  const parsed = parseSocketUrl(url);
  const extra = data ? encodeQuery(data) : "";
  if (extra) parsed.query = parsed.query ? `${parsed.query}&${extra}` : extra;
  return formatSocketUrl(parsed);
}
function encodeQuery(data) {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new SocketError("INVALID_OPTIONS", "`data` must be a plain object of query parameters.");
  }
  const parts = [];
  for (const key of Object.keys(data)) {
    const value = data[key];
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === void 0 || v === null) continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(stringifyValue(v))}`);
    }
  }
  return parts.join("&");
}
function stringifyValue(v) {
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
function firstIndex(s, a, b) {
  const i = s.indexOf(a);
  const j = s.indexOf(b);
  if (i === -1) return j;
  if (j === -1) return i;
  return Math.min(i, j);
}
function redact(url) {
  const q = url.search(/[?#]/);
  return q === -1 ? url : `${url.slice(0, q)}?\u2026`;
}

// src/core/outbox.ts
var Outbox = class {
  constructor(limit) {
    this.limit = limit;
    this.items = [];
  }
  get size() {
    return this.items.length;
  }
  push(data, options = {}) {
    if (this.items.length >= this.limit) {
      return Promise.reject(
        new SocketError(
          "QUEUE_FULL",
          `${this.limit} messages are already waiting for the socket to open; wait for it or raise maxQueuedMessages.`
        )
      );
    }
    return new Promise((resolve, reject) => {
      const item = { data, replay: options.replay !== false, timer: void 0, resolve, reject };
      if (options.ttl !== void 0) {
        item.timer = setTimeout(() => {
          this.items = this.items.filter((i) => i !== item);
          reject(new SocketError("MESSAGE_EXPIRED", `The socket did not open within the message's ttl of ${options.ttl} ms.`));
        }, options.ttl);
      }
      this.items.push(item);
    });
  }
  /** Hands every entry, oldest first, to `deliver`, which settles it. */
  drain(deliver) {
    const items = this.take(() => true);
    for (const item of items) deliver(item.data, item.resolve, item.reject, item.replay);
  }
  /** Takes back a message the socket refused because it was already going down; its promise stays the same. */
  putBack(data, resolve, reject, replay) {
    this.items.push({ data, replay, timer: void 0, resolve, reject });
  }
  rejectAll(error) {
    for (const item of this.take(() => true)) item.reject(error);
  }
  /** Before a reconnect: rejects the messages marked not to be replayed. */
  rejectUnreplayable(error) {
    for (const item of this.take((i) => !i.replay)) item.reject(error);
  }
  take(which) {
    const taken = [];
    const kept = [];
    for (const item of this.items) (which(item) ? taken : kept).push(item);
    this.items = kept;
    for (const item of taken) clearTimeout(item.timer);
    return taken;
  }
};

// src/core/connection.ts
var TRANSITIONS = {
  idle: ["queued", "closed"],
  queued: ["connecting", "closed"],
  connecting: ["open", "closing", "reconnecting", "closed"],
  open: ["closing", "reconnecting", "closed"],
  closing: ["closed"],
  reconnecting: ["queued", "closed"],
  closed: ["queued"]
};
var clock = 0;
var Connection = class {
  constructor(config) {
    this.config = config;
    this.status = "idle";
    this.error = null;
    /** Recency for least-recently-used eviction. */
    this.lastUsed = ++clock;
    /** Reconnect attempts in a row since the socket was last healthy. */
    this.retries = 0;
    this.listeners = [];
    this.task = null;
    // Each connect attempt gets a number; events from an older attempt's task are ignored.
    this.attempt = 0;
    this.openedAttempt = -1;
    this.openedAt = 0;
    this.holdsSlot = false;
    this.closeRequest = null;
    this.evicting = false;
    this.reopenAfterClose = false;
    this.key = config.key;
    this.options = config.options;
    this.outbox = new Outbox(config.policy.maxQueuedMessages);
    const hb = config.policy.heartbeat;
    this.heartbeat = hb ? new Heartbeat(
      hb,
      (data) => void this.send(data, { replay: false }).catch(() => void 0),
      () => this.die(new SocketError("HEARTBEAT_TIMEOUT", `No answer to a heartbeat within ${hb.timeout} ms; reconnecting.`))
    ) : null;
  }
  get queuedMessages() {
    return this.outbox.size;
  }
  subscribe(listener) {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
  touch() {
    this.lastUsed = ++clock;
  }
  /** Starts (or restarts) connecting, with a fresh retry count. Harmless while on the way or open. */
  open() {
    this.reopenAfterClose = false;
    this.evicting = false;
    this.retries = 0;
    if (this.status === "closing") {
      this.reopenAfterClose = true;
      return;
    }
    if (this.status === "reconnecting") {
      clearTimeout(this.timer);
      this.enqueue();
      return;
    }
    if (this.status !== "idle" && this.status !== "closed") return;
    this.error = null;
    this.enqueue();
  }
  enqueue() {
    this.transition("queued");
    this.config.scheduler.request(this);
  }
  /** The scheduler gives this connection a platform slot: connect now. */
  grant() {
    if (this.status !== "queued") return;
    this.holdsSlot = true;
    this.closeRequest = null;
    this.transition("connecting");
    const attempt = ++this.attempt;
    this.timer = setTimeout(() => {
      if (attempt !== this.attempt || this.status === "open") return;
      if (this.status === "closing") {
        this.abandon();
        return;
      }
      this.die(
        new SocketError("CONNECT_TIMEOUT", `The handshake with ${redact(this.options.url)} took over ${this.config.policy.connectTimeout} ms.`)
      );
    }, this.config.policy.connectTimeout);
    let pending;
    try {
      pending = Promise.resolve(this.config.connect(this.options));
    } catch (thrown) {
      pending = Promise.reject(thrown);
    }
    pending.then(
      (task) => this.attach(task, attempt),
      (reason) => {
        if (attempt !== this.attempt) return;
        this.fail(fromPlatformError("CONNECT_FAILED", `Could not connect to ${redact(this.options.url)}`, reason));
      }
    );
  }
  /** The scheduler cannot give a slot (overflow: 'reject'). */
  refuse(error) {
    if (this.status !== "queued") return;
    this.error = error;
    this.outbox.rejectAll(error);
    this.transition("closed");
    this.emitError(error);
  }
  attach(task, attempt) {
    const current = () => attempt === this.attempt;
    task.onOpen(() => current() ? this.handleOpen() : closeQuietly(task));
    task.onMessage((res) => current() && this.handleMessage(res));
    task.onError((res) => current() && this.handleError(res));
    task.onClose((res) => current() && this.handleClose(res));
    if (!current()) return;
    this.task = task;
    if (readyState(task) === 1) this.handleOpen();
  }
  handleOpen() {
    if (this.status !== "connecting" && this.status !== "closing") return;
    clearTimeout(this.timer);
    if (this.closeRequest) {
      this.closeTask(this.closeRequest);
      return;
    }
    this.error = null;
    this.openedAt = Date.now();
    this.transition("open");
    this.outbox.drain((...args) => this.deliver(...args));
    this.heartbeat?.start();
    for (const l of this.listeners) l.onOpen?.();
  }
  handleMessage(res) {
    this.lastUsed = ++clock;
    this.heartbeat?.alive();
    const data = res.data;
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].onMessage?.(data);
  }
  handleError(res) {
    if (this.status === "connecting" || this.status === "closing" && !this.wasOpened) {
      this.fail(fromPlatformError("CONNECT_FAILED", `Could not connect to ${redact(this.options.url)}`, res));
      return;
    }
    if (this.status !== "open" && this.status !== "closing") return;
    const error = fromPlatformError("CONNECTION_ERROR", "The socket reported an error", res);
    this.error = error;
    this.emitChange();
    this.emitError(error);
  }
  handleClose(res) {
    const requested = this.closeRequest !== null || this.status === "closing";
    const event = {
      code: typeof res?.code === "number" ? res.code : 1006,
      reason: typeof res?.reason === "string" ? res.reason : "",
      wasRequested: requested
    };
    if (!this.wasOpened && !requested && !this.error) {
      this.error = new SocketError("CONNECT_FAILED", `The socket to ${redact(this.options.url)} closed before it opened (code ${event.code}).`);
    }
    this.end(event, event.code);
  }
  /** A failure before open: the platform refused, the handshake failed. */
  fail(error) {
    this.error = error;
    this.emitError(error);
    this.end(null, null);
  }
  /** The socket is unusable but the platform did not say so (timeout, silent kill): drop it and move on. */
  die(error) {
    if (this.status !== "connecting" && this.status !== "open") return;
    const task = this.task;
    this.error = error;
    this.emitError(error);
    const wasOpen = this.status === "open";
    this.end(wasOpen ? { code: 1006, reason: error.message, wasRequested: false } : null, null);
    if (task) closeQuietly(task);
  }
  // Ends an attempt: slot back to the registry, then closed, queued again (evicted) or reconnecting.
  end(event, code) {
    if (this.status === "closed" || this.status === "reconnecting" || this.status === "idle" || this.status === "queued") return;
    clearTimeout(this.timer);
    this.heartbeat?.stop();
    this.task = null;
    const requested = event?.wasRequested ?? this.closeRequest !== null;
    const evicted = this.evicting;
    if (this.wasOpened && Date.now() - this.openedAt >= (this.config.policy.reconnect?.stableAfter ?? Infinity)) {
      this.retries = 0;
    }
    this.attempt++;
    this.evicting = false;
    this.closeRequest = null;
    let next = "closed";
    if (evicted) next = "queued";
    else if (shouldReconnect({ code, requested }, this.retries, this.config.policy.reconnect)) next = "reconnecting";
    else if (!requested && this.config.policy.reconnect && this.retries >= this.config.policy.reconnect.maxAttempts && this.retries > 0) {
      this.error = new SocketError("RECONNECT_FAILED", `Gave up reconnecting to ${redact(this.options.url)} after ${this.retries} attempts; call open() to try again.`, {
        cause: this.error ?? void 0
      });
      this.emitError(this.error);
    }
    if (next === "closed") {
      this.outbox.rejectAll(
        this.error ?? new SocketError("NOT_OPEN", "The socket closed before this message could be sent; call open() and send again.")
      );
    } else if (next === "reconnecting") {
      this.outbox.rejectUnreplayable(new SocketError("NOT_OPEN", "The socket dropped before this message (replay: false) could be sent."));
    }
    this.transition(next === "reconnecting" ? "reconnecting" : "closed");
    if (event) for (const l of this.listeners) l.onClose?.(event);
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.config.scheduler.release(this);
    }
    if (next === "queued") {
      this.enqueue();
    } else if (next === "reconnecting") {
      const delay = reconnectDelay(this.retries, this.config.policy.reconnect, this.config.policy.random);
      this.retries++;
      this.timer = setTimeout(() => this.status === "reconnecting" && this.enqueue(), delay);
    } else if (this.reopenAfterClose) {
      this.open();
    }
  }
  get wasOpened() {
    return this.openedAttempt === this.attempt;
  }
  /**
   * Closes for every user, for good (no reconnect). Validates first and throws SocketError
   * on a bad code or reason. Before open, the close waits for the socket to open (or fail).
   */
  close(code, reason) {
    const request = { code: validateCloseCode(code), reason: validateCloseReason(reason) };
    this.reopenAfterClose = false;
    this.evicting = false;
    this.shutdown(request);
  }
  /** The registry takes the socket for another connection; users get EVICTED and wait in the queue. */
  evict() {
    if (this.status !== "open" && this.status !== "connecting") return;
    const error = new SocketError(
      "EVICTED",
      'This socket was closed to make room for a newer one (overflow: "evict"); it reconnects when a slot frees.'
    );
    this.error = error;
    this.evicting = true;
    this.shutdown({ code: 1e3, reason: "evicted" });
    this.emitError(error);
  }
  shutdown(request) {
    switch (this.status) {
      case "idle":
      case "closed":
      case "closing":
        return;
      case "queued":
      case "reconnecting":
        clearTimeout(this.timer);
        if (this.status === "queued") this.config.scheduler.cancel(this);
        this.outbox.rejectAll(new SocketError("NOT_OPEN", "The socket was closed before this message could be sent."));
        this.transition("closed");
        return;
      case "connecting":
        this.closeRequest = request;
        if (!this.evicting) this.outbox.rejectAll(new SocketError("NOT_OPEN", "The socket was closed before this message could be sent."));
        this.transition("closing");
        return;
      case "open":
        this.heartbeat?.stop();
        this.transition("closing");
        this.closeTask(request);
    }
  }
  closeTask(request) {
    this.closeRequest = request;
    const task = this.task;
    if (!task) return;
    const before = readyState(task);
    try {
      task.close({ code: request.code, ...request.reason !== void 0 ? { reason: request.reason } : {} });
    } catch (thrown) {
      this.error = fromPlatformError("CONNECTION_ERROR", "Closing the socket failed", thrown);
      this.abandon();
      return;
    }
    if (before === 2 || before === 3 || readyState(task) === 3) this.abandon();
    else {
      const attempt = this.attempt;
      this.timer = setTimeout(() => attempt === this.attempt && this.abandon(), this.config.policy.closeTimeout);
    }
  }
  // The app asked for this close, and the platform will not (or did not) confirm it.
  abandon() {
    const task = this.task;
    this.end({ code: 1006, reason: "closed without confirmation", wasRequested: true }, null);
    if (task) closeQuietly(task);
  }
  // App lifecycle, driven by the registry ------------------------------------
  /** The app went to the background: no heartbeats, which would only wake the radio. */
  pause() {
    this.heartbeat?.stop();
  }
  /**
   * The app is back, or the network is. A socket the platform killed silently is dropped
   * and reconnected at once, with a fresh retry count; a waiting reconnect runs now.
   */
  check() {
    if (this.status === "reconnecting") {
      this.open();
      return;
    }
    if (this.status !== "open") return;
    const task = this.task;
    if (task && readyState(task) !== void 0 && readyState(task) !== 1) {
      this.die(new SocketError("CONNECTION_ERROR", "The platform closed the socket while the app was away; reconnecting."));
      if (this.status === "reconnecting") this.open();
      return;
    }
    this.heartbeat?.start();
    this.heartbeat?.probe();
  }
  /**
   * Resolves once the data is handed to the open socket; before open it waits in order.
   * Rejects with SocketError (NOT_OPEN, QUEUE_FULL, MESSAGE_EXPIRED, SEND_FAILED, INVALID_MESSAGE).
   */
  send(data, options = {}) {
    if (typeof data !== "string" && !isArrayBuffer(data)) {
      return Promise.reject(
        new SocketError("INVALID_MESSAGE", "send() takes a string or an ArrayBuffer; use sendJson() for objects.")
      );
    }
    const limit = this.config.policy.maxMessageBytes;
    if (limit !== Infinity) {
      const bytes = typeof data === "string" ? utf8ByteLength(data) : data.byteLength;
      if (bytes > limit) {
        return Promise.reject(
          new SocketError("MESSAGE_TOO_LARGE", `The message is ${bytes} bytes; maxMessageBytes allows ${limit}. Split it or raise the limit.`)
        );
      }
    }
    this.lastUsed = ++clock;
    switch (this.status) {
      case "open":
        return new Promise((resolve, reject) => this.deliver(data, resolve, reject, options.replay !== false));
      case "reconnecting":
        if (options.replay === false) {
          return Promise.reject(new SocketError("NOT_OPEN", "The socket is reconnecting and this message is marked replay: false."));
        }
        return this.outbox.push(data, options);
      case "idle":
      case "queued":
      case "connecting":
        return this.outbox.push(data, options);
      default:
        return Promise.reject(new SocketError("NOT_OPEN", `The socket is ${this.status}; call open() before sending.`));
    }
  }
  deliver(data, resolve, reject, replay) {
    const task = this.task;
    if (!task) {
      reject(new SocketError("NOT_OPEN", "The socket is not open."));
      return;
    }
    const failed = (res) => {
      const closing = task !== this.task || readyState(task) !== void 0 && readyState(task) !== 1;
      if (closing && replay && this.status !== "closed" && this.status !== "closing") {
        this.outbox.putBack(data, resolve, reject, replay);
        if (this.status === "open" && task !== this.task) this.outbox.drain((...args) => this.deliver(...args));
        return;
      }
      reject(fromPlatformError("SEND_FAILED", "The platform could not send the message", res));
    };
    try {
      const result = task.send({ data, success: () => resolve(), fail: failed });
      if (result && typeof result.then === "function") {
        ;
        result.then(void 0, () => void 0);
      }
    } catch (thrown) {
      failed(thrown);
    }
  }
  transition(to) {
    if (!TRANSITIONS[this.status].includes(to)) {
      throw new Error(`taro-socket-hooks: illegal transition ${this.status} \u2192 ${to}`);
    }
    if (to === "open") this.openedAttempt = this.attempt;
    this.status = to;
    this.emitChange();
  }
  emitChange() {
    for (const l of this.listeners) l.onChange?.();
  }
  emitError(error) {
    for (const l of this.listeners) l.onError?.(error);
  }
};
function readyState(task) {
  const state = task.readyState;
  return typeof state === "number" ? state : void 0;
}
function closeQuietly(task) {
  try {
    task.close({ code: 1e3 });
  } catch {
  }
}
function isArrayBuffer(value) {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === "[object ArrayBuffer]";
}

// bench/taro-stub.ts
var taro_stub_default = {};

// src/core/lifecycle.ts
function call(name, callback) {
  const fn = taro_stub_default[name];
  if (typeof fn === "function") fn.call(taro_stub_default, callback);
}
var networkListeners = /* @__PURE__ */ new Map();
var taroLifecycle = {
  onHide: (cb) => call("onAppHide", cb),
  offHide: (cb) => call("offAppHide", cb),
  onShow: (cb) => call("onAppShow", cb),
  offShow: (cb) => call("offAppShow", cb),
  onNetworkChange(cb) {
    const wrapped = (res) => cb(res?.isConnected !== false);
    networkListeners.set(cb, wrapped);
    call("onNetworkStatusChange", wrapped);
  },
  offNetworkChange(cb) {
    const wrapped = networkListeners.get(cb);
    if (!wrapped) return;
    networkListeners.delete(cb);
    call("offNetworkStatusChange", wrapped);
  }
};

// src/core/platform.ts
var PLATFORM_SOCKET_LIMITS = {
  weapp: 5,
  // WeChat base library >= 1.7.0
  qq: 5,
  tt: 5,
  // Douyin
  lark: 5,
  swan: 5,
  // Baidu >= 1.9.4 allows several; 5 keeps to the common floor
  h5: 5,
  // Taro's H5 runtime refuses a 6th
  rn: 2,
  // Taro's React Native runtime refuses a 3rd
  alipay: 1
  // one socket; a new one silently closes the old
};
var UNKNOWN_PLATFORM_LIMIT = 1;
function socketLimitFor(platform) {
  return platform !== void 0 && PLATFORM_SOCKET_LIMITS[platform] || UNKNOWN_PLATFORM_LIMIT;
}
function detectPlatform() {
  try {
    return process.env.TARO_ENV || void 0;
  } catch {
    return void 0;
  }
}

// src/core/transport.ts
var taroTransport = (options) => taro_stub_default.connectSocket(options);

// src/platforms/alipay.ts
function alipay() {
  try {
    return typeof my === "object" && my !== null ? my : void 0;
  } catch {
    return void 0;
  }
}
function alipayMultipleSupported() {
  const api = alipay();
  return !!api && typeof api.canIUse === "function" && api.canIUse("connectSocket.object.multiple") === true;
}
var alipayMultipleTransport = (options) => new Promise((resolve, reject) => {
  const api = alipay();
  if (!api) return reject({ errMsg: "connectSocket:fail my is not available" });
  const task = api.connectSocket({ ...options, multiple: true, fail: reject });
  if (task) resolve(task);
  else reject({ errMsg: "connectSocket:fail no task returned in multiple mode" });
});

// src/platforms/web.ts
function webTransport(base) {
  return (options) => base(options).then((task) => {
    const ws = task.ws;
    if (!ws || typeof ws.addEventListener !== "function") return task;
    ws.binaryType = "arraybuffer";
    task.onClose(() => void 0);
    const adapted = {
      get readyState() {
        return ws.readyState;
      },
      send({ data, success, fail }) {
        if (ws.readyState !== 1) return fail?.({ errMsg: "send:fail the socket is not open" });
        try {
          ws.send(data);
        } catch (error) {
          return fail?.(error);
        }
        success?.({ errMsg: "send:ok" });
      },
      close({ code, reason }) {
        try {
          ws.close(code, reason);
        } finally {
          task.close({});
        }
      },
      onOpen: (cb) => ws.addEventListener("open", () => cb({})),
      onMessage: (cb) => ws.addEventListener("message", (e) => cb({ data: e.data })),
      onError: (cb) => ws.addEventListener("error", () => cb({ errMsg: "WebSocket error" })),
      onClose: (cb) => ws.addEventListener("close", (e) => cb({ code: e.code, reason: e.reason ?? "" }))
    };
    return adapted;
  });
}

// src/platforms/index.ts
var ALIPAY_MULTIPLE_LIMIT = 5;
function adapterFor(platform) {
  if (platform === "h5" || platform === "rn") {
    return {
      connect: webTransport(taroTransport),
      maxConnections: socketLimitFor(platform),
      requiresSecure: false,
      description: "Taro SocketTask driven through its WebSocket: ArrayBuffer binary, real close codes"
    };
  }
  if (platform === "alipay" && alipayMultipleSupported()) {
    return {
      connect: alipayMultipleTransport,
      maxConnections: ALIPAY_MULTIPLE_LIMIT,
      requiresSecure: true,
      description: "Alipay's own multiple-task mode"
    };
  }
  return {
    connect: taroTransport,
    maxConnections: socketLimitFor(platform),
    requiresSecure: true,
    description: "Taro.connectSocket as it is"
  };
}

// src/core/request.ts
var HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function resolveRequest(request) {
  const url = buildSocketUrl(request.url, request.data);
  const options = { url };
  if (request.header !== void 0) {
    if (typeof request.header !== "object" || request.header === null || Array.isArray(request.header)) {
      throw new SocketError("INVALID_OPTIONS", "`header` must be an object of header names to string values.");
    }
    const header = {};
    for (const name of Object.keys(request.header)) {
      const value = request.header[name];
      if (!HEADER_NAME.test(name)) {
        throw new SocketError("INVALID_OPTIONS", `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only).`);
      }
      if (name.toLowerCase() === "referer") {
        throw new SocketError("INVALID_OPTIONS", "The platforms forbid setting Referer on a socket; remove it from `header`.");
      }
      if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
        throw new SocketError("INVALID_OPTIONS", `Header "${name}" must be a string without line breaks.`);
      }
      header[name] = value;
    }
    options.header = header;
  }
  if (request.protocols !== void 0) {
    if (!Array.isArray(request.protocols) || request.protocols.some((p) => typeof p !== "string" || p === "")) {
      throw new SocketError("INVALID_OPTIONS", "`protocols` must be an array of non-empty strings.");
    }
    options.protocols = [...request.protocols];
  }
  if (request.tcpNoDelay !== void 0) options.tcpNoDelay = request.tcpNoDelay;
  if (request.method !== void 0) options.method = request.method;
  const headerKey = options.header ? Object.keys(options.header).map((name) => `${name.toLowerCase()}:${options.header[name]}`).sort().join("\n") : "";
  return { key: `${url}\0${(options.protocols ?? []).join(",")}\0${headerKey}`, options };
}

// src/core/registry.ts
var SocketRegistry = class {
  constructor(options = {}) {
    this.listening = false;
    this.entries = /* @__PURE__ */ new Map();
    this.active = /* @__PURE__ */ new Set();
    this.waiting = [];
    // Evicted connections wait their turn; they never evict in return (no ping-pong).
    this.evicted = /* @__PURE__ */ new WeakSet();
    this.watchers = /* @__PURE__ */ new Set();
    this.onHide = () => {
      for (const { connection } of this.entries.values()) connection.pause();
    };
    this.onShow = () => {
      for (const { connection } of this.entries.values()) connection.check();
    };
    this.onNetwork = (online) => {
      if (online) this.onShow();
    };
    this.platform = options.platform ?? detectPlatform();
    const adapter = adapterFor(this.platform);
    const max = options.maxConnections ?? (options.connect ? socketLimitFor(this.platform) : adapter.maxConnections);
    if (!Number.isInteger(max) || max < 1) {
      throw new SocketError("INVALID_OPTIONS", `maxConnections must be a whole number of at least 1, got ${String(max)}.`);
    }
    this.maxConnections = max;
    this.overflow = options.overflow ?? "queue";
    if (!["queue", "evict", "reject"].includes(this.overflow)) {
      throw new SocketError("INVALID_OPTIONS", `overflow must be 'queue', 'evict' or 'reject', got ${String(this.overflow)}.`);
    }
    this.connect = options.connect ?? adapter.connect;
    this.allowInsecure = options.allowInsecure ?? !adapter.requiresSecure;
    this.releaseDelay = options.releaseDelay ?? 1e3;
    this.policy = {
      reconnect: reconnectPolicy(options.reconnect),
      heartbeat: heartbeatPolicy(options.heartbeat),
      connectTimeout: options.connectTimeout ?? 1e4,
      closeTimeout: options.closeTimeout ?? 5e3,
      maxQueuedMessages: options.maxQueuedMessages ?? 100,
      maxMessageBytes: options.maxMessageBytes ?? Infinity,
      ...options.random ? { random: options.random } : {}
    };
    this.lifecycle = options.lifecycle ?? taroLifecycle;
  }
  /**
   * Joins (or opens) the connection for this request. Throws SocketError on invalid input,
   * before anything reaches the platform.
   */
  /** Validates a request against this registry's rules and gives its sharing key. Throws SocketError. */
  resolve(request) {
    const resolved = resolveRequest(request);
    if (!this.allowInsecure && resolved.options.url.startsWith("ws://")) {
      throw new SocketError(
        "INSECURE_URL",
        `ws:// is refused on ${this.platform ?? "this platform"}: mini-programs take only wss://. Use wss://, or allowInsecure: true for local development.`
      );
    }
    return resolved;
  }
  acquire(request) {
    const { key, options } = this.resolve(request);
    let entry = this.entries.get(key);
    if (!entry) {
      const connection = new Connection({
        key,
        options,
        connect: this.connect,
        scheduler: this,
        policy: this.policy
      });
      entry = { connection, users: 0, timer: void 0 };
      this.entries.set(key, entry);
      this.listen();
    }
    const current = entry;
    current.users++;
    if (current.timer !== void 0) {
      clearTimeout(current.timer);
      current.timer = void 0;
    }
    current.connection.touch();
    if (current.connection.status === "idle" || current.connection.status === "closed") current.connection.open();
    let released = false;
    return {
      connection: current.connection,
      release: () => {
        if (released) return;
        released = true;
        this.releaseUser(current);
      }
    };
  }
  /** The connection for this request, if one exists; opens nothing. */
  peek(request) {
    try {
      return this.entries.get(this.resolve(request).key)?.connection;
    } catch {
      return void 0;
    }
  }
  stats() {
    return {
      platform: this.platform,
      maxConnections: this.maxConnections,
      active: this.active.size,
      queued: this.waiting.length,
      connections: this.entries.size
    };
  }
  /** Called whenever stats may have changed (slots taken or freed, queue moved). */
  watch(callback) {
    this.watchers.add(callback);
    return () => this.watchers.delete(callback);
  }
  /** Closes every connection now, users or not (app teardown, tests). */
  closeAll() {
    for (const entry of [...this.entries.values()]) this.drop(entry);
  }
  // SlotScheduler -----------------------------------------------------------
  request(connection) {
    if (this.active.size < this.maxConnections) {
      this.grant(connection);
      return;
    }
    const idle = [...this.entries.values()].find((e) => e.users === 0 && this.active.has(e.connection));
    if (idle) {
      this.waiting.push(connection);
      this.drop(idle);
      this.changed();
      return;
    }
    if (this.overflow === "reject") {
      connection.refuse(
        new SocketError(
          "LIMIT_REACHED",
          `All ${this.maxConnections} sockets this platform allows are in use; close one, or use overflow: 'queue'.`
        )
      );
      return;
    }
    if (this.overflow === "evict" && !this.evicted.has(connection)) {
      const victim = this.leastRecentlyUsed();
      if (victim) {
        this.waiting.unshift(connection);
        this.evicted.add(victim);
        victim.evict();
        this.changed();
        return;
      }
    }
    this.waiting.push(connection);
    this.changed();
  }
  cancel(connection) {
    this.waiting = this.waiting.filter((c) => c !== connection);
    this.changed();
  }
  release(connection) {
    this.active.delete(connection);
    while (this.active.size < this.maxConnections && this.waiting.length > 0) {
      const next = this.waiting.shift();
      const entry = this.entries.get(next.key);
      if (entry?.connection === next && entry.users === 0) this.drop(entry);
      else this.grant(next);
    }
    this.changed();
  }
  // -------------------------------------------------------------------------
  grant(connection) {
    this.active.add(connection);
    this.evicted.delete(connection);
    connection.grant();
    this.changed();
  }
  leastRecentlyUsed() {
    let victim;
    for (const c of this.active) {
      if (c.status !== "open" && c.status !== "connecting") continue;
      if (!victim || c.lastUsed < victim.lastUsed) victim = c;
    }
    return victim;
  }
  releaseUser(entry) {
    entry.users--;
    if (entry.users > 0) return;
    entry.timer = setTimeout(() => {
      entry.timer = void 0;
      if (entry.users === 0) this.drop(entry);
    }, this.releaseDelay);
  }
  // Forgets the entry (a later acquire gets a fresh connection) and closes its socket.
  drop(entry) {
    if (entry.timer !== void 0) clearTimeout(entry.timer);
    entry.timer = void 0;
    if (this.entries.get(entry.connection.key) === entry) this.entries.delete(entry.connection.key);
    entry.connection.close();
    if (this.entries.size === 0) this.unlisten();
    this.changed();
  }
  // App lifecycle: listeners exist only while some connection does. ----------
  /** Whether hide/show and network listeners are attached (they are only while connections exist). */
  get listeningToApp() {
    return this.listening;
  }
  listen() {
    if (this.listening) return;
    this.listening = true;
    this.lifecycle.onHide(this.onHide);
    this.lifecycle.onShow(this.onShow);
    this.lifecycle.onNetworkChange(this.onNetwork);
  }
  unlisten() {
    if (!this.listening) return;
    this.listening = false;
    this.lifecycle.offHide(this.onHide);
    this.lifecycle.offShow(this.onShow);
    this.lifecycle.offNetworkChange(this.onNetwork);
  }
  changed() {
    for (const w of this.watchers) w();
  }
};
function createSocketRegistry(options) {
  return new SocketRegistry(options);
}

// src/react/context.ts
import { createContext, useContext } from "react";
var SocketRegistryContext = createContext(null);
var fallback;
function useSocketRegistry() {
  const registry = useContext(SocketRegistryContext);
  if (registry) return registry;
  fallback ??= new SocketRegistry();
  return fallback;
}

// src/react/SocketProvider.tsx
import { jsx } from "react/jsx-runtime";
function SocketProvider({ registry, children, ...options }) {
  const [own] = useState(() => registry ?? new SocketRegistry(options));
  return /* @__PURE__ */ jsx(SocketRegistryContext.Provider, { value: registry ?? own, children });
}

// src/react/useSocket.ts
import { useEffect, useMemo, useState as useState2, useSyncExternalStore } from "react";

// src/core/observer.ts
var SocketObserver = class {
  constructor(registry, url, options = {}) {
    this.registry = registry;
    this.key = null;
    this.invalid = null;
    this.lease = null;
    this.unlisten = null;
    this.subscribers = /* @__PURE__ */ new Set();
    this.tracked = { status: false, lastMessage: false, error: false };
    this.raw = void 0;
    this.parsedFrom = void 0;
    this.parsed = void 0;
    this.ownError = null;
    /** Bumped on every change a subscriber must render; useSyncExternalStore reads it. */
    this.version = 0;
    this.subscribe = (onChange) => {
      this.subscribers.add(onChange);
      if (this.subscribers.size === 1) this.attach();
      return () => {
        this.subscribers.delete(onChange);
        if (this.subscribers.size === 0) this.detach();
      };
    };
    this.getVersion = () => this.version;
    // Commands ----------------------------------------------------------------
    this.send = (data, options) => {
      const connection = this.lease?.connection;
      const result = connection ? connection.send(data, options) : Promise.reject(
        this.invalid ?? new SocketError("NOT_OPEN", "There is no socket to send on: the URL is null, enabled is false, or the component is not mounted.")
      );
      result.then(void 0, (error) => this.options.onError?.(error));
      return result;
    };
    this.sendJson = (value, options) => {
      let text;
      try {
        text = JSON.stringify(value);
      } catch (thrown) {
        return Promise.reject(new SocketError("INVALID_MESSAGE", "sendJson() could not serialize the value.", { cause: thrown }));
      }
      if (text === void 0) {
        return Promise.reject(new SocketError("INVALID_MESSAGE", "sendJson() was given a value JSON cannot represent."));
      }
      return this.send(text, options);
    };
    this.close = (code, reason) => {
      validateCloseCode(code);
      validateCloseReason(reason);
      this.lease?.connection.close(code, reason);
    };
    this.open = () => {
      this.ownError = null;
      this.lease?.connection.open();
    };
    this.url = url;
    this.options = options;
    this.resolveKey();
    this.seen = { status: this.status, error: this.error };
  }
  // Live state, read by getters on the hook's result -----------------------
  get connection() {
    if (this.lease) return this.lease.connection;
    return this.key === null ? void 0 : this.registry.peek(this.request());
  }
  get status() {
    if (this.invalid) return "closed";
    if (this.key === null) return "idle";
    return this.connection?.status ?? "idle";
  }
  get error() {
    return this.invalid ?? this.ownError ?? this.lease?.connection.error ?? null;
  }
  get lastMessage() {
    this.parseLatest();
    return this.parsed;
  }
  track(field) {
    this.tracked[field] = true;
  }
  // Wiring -----------------------------------------------------------------
  /** Takes new options; callbacks apply at once, and a new URL, header or protocols move to another socket. */
  setOptions(url, options = {}) {
    const prev = this.options;
    this.options = options;
    if (url === this.url && options.enabled === prev.enabled && options.data === prev.data && options.header === prev.header && options.protocols === prev.protocols && options.tcpNoDelay === prev.tcpNoDelay && options.method === prev.method) {
      return;
    }
    const before = this.key;
    const wasInvalid = this.invalid;
    this.url = url;
    this.resolveKey();
    if (this.key === before && this.invalid?.message === wasInvalid?.message) return;
    this.raw = this.parsedFrom = this.parsed = void 0;
    this.ownError = null;
    if (this.subscribers.size > 0) {
      this.detach();
      this.attach();
    }
    this.notify(true);
  }
  resolveKey() {
    this.invalid = null;
    this.key = null;
    if (this.url === null || this.options.enabled === false) return;
    try {
      this.key = this.registry.resolve(this.request()).key;
    } catch (thrown) {
      this.invalid = isSocketError(thrown) ? thrown : new SocketError("INVALID_OPTIONS", String(thrown));
    }
  }
  request() {
    const { data, header, protocols, tcpNoDelay, method } = this.options;
    const request = { url: this.url };
    if (data !== void 0) request.data = data;
    if (header !== void 0) request.header = header;
    if (protocols !== void 0) request.protocols = protocols;
    if (tcpNoDelay !== void 0) request.tcpNoDelay = tcpNoDelay;
    if (method !== void 0) request.method = method;
    return request;
  }
  attach() {
    if (this.invalid) {
      this.options.onError?.(this.invalid);
      return;
    }
    if (this.key === null || this.lease) return;
    this.lease = this.registry.acquire(this.request());
    const listener = {
      onChange: () => this.notify(false),
      onOpen: () => this.options.onOpen?.(),
      onMessage: (data) => this.receive(data),
      onError: (error) => this.options.onError?.(error),
      onClose: (event) => this.options.onClose?.(event)
    };
    this.unlisten = this.lease.connection.subscribe(listener);
    this.notify(false);
  }
  detach() {
    clearTimeout(this.throttleTimer);
    this.throttleTimer = void 0;
    this.unlisten?.();
    this.unlisten = null;
    this.lease?.release();
    this.lease = null;
  }
  receive(data) {
    this.raw = data;
    const { onMessage } = this.options;
    if (onMessage) {
      if (!this.parseLatest()) return;
      onMessage(this.parsed);
    }
    if (!this.tracked.lastMessage) return;
    const throttle = this.options.throttle ?? 0;
    if (throttle <= 0) this.bump();
    else if (this.throttleTimer === void 0) {
      this.throttleTimer = setTimeout(() => {
        this.throttleTimer = void 0;
        this.bump();
      }, throttle);
    }
  }
  // Parses the newest raw message once, however many times it is read. false on a parse error.
  parseLatest() {
    if (this.raw === this.parsedFrom) return true;
    const raw = this.raw;
    this.parsedFrom = raw;
    const { parse } = this.options;
    if (!parse) {
      this.parsed = raw;
      return true;
    }
    try {
      this.parsed = parse(raw);
      return true;
    } catch (thrown) {
      this.ownError = new SocketError("PARSE_FAILED", "parse() threw on a received message; it was skipped.", {
        cause: thrown
      });
      this.options.onError?.(this.ownError);
      if (this.tracked.error) void Promise.resolve().then(() => this.bump());
      return false;
    }
  }
  notify(force) {
    const status = this.status;
    const error = this.error;
    const changed = this.tracked.status && status !== this.seen.status || this.tracked.error && error !== this.seen.error;
    this.seen = { status, error };
    if (force || changed) this.bump();
  }
  bump() {
    this.version++;
    for (const s of this.subscribers) s();
  }
};

// src/react/useSocket.ts
function useSocket(url, options = {}) {
  const registry = useSocketRegistry();
  const [observer] = useState2(() => new SocketObserver(registry, url, options));
  useEffect(() => {
    observer.setOptions(url, options);
  });
  const version = useSyncExternalStore(observer.subscribe, observer.getVersion, observer.getVersion);
  return useMemo(() => {
    void version;
    return {
      get status() {
        observer.track("status");
        return observer.status;
      },
      get lastMessage() {
        observer.track("lastMessage");
        return observer.lastMessage;
      },
      get error() {
        observer.track("error");
        return observer.error;
      },
      send: observer.send,
      sendJson: observer.sendJson,
      close: observer.close,
      open: observer.open
    };
  }, [observer, version]);
}

// bench/bundle-size.mjs
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
var EXTERNAL = ["react", "react-dom", "react/jsx-runtime", "@tarojs/taro"];
var LIBRARY_ENTRY = "export * from './src/index.ts'";
var BUDGET_BYTES = 10 * 1024;
var ENTRIES = {
  "taro-socket-hooks": LIBRARY_ENTRY,
  "react-use-websocket": "export * from 'react-use-websocket'",
  "partysocket/react": "export * from 'partysocket/react'",
  "ahooks useWebSocket": "export { useWebSocket } from 'ahooks'"
};
async function minGzipBytes(code, resolveDir) {
  const result = await build({
    stdin: { contents: code, resolveDir, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2017",
    external: EXTERNAL,
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' }
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
async function measureBundles(root) {
  const rows = [];
  let ours = 0;
  for (const [name, code] of Object.entries(ENTRIES)) {
    const { min, gzip } = await minGzipBytes(code, root);
    if (name === "taro-socket-hooks") ours = gzip;
    rows.push({ package: name, "min (B)": min, "min+gzip (B)": gzip, "vs taro-socket-hooks": +(gzip / ours).toFixed(2) });
  }
  return rows;
}

// bench/dom.ts
import { JSDOM } from "jsdom";
import WebSocket from "ws";
function installDom() {
  const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: "http://127.0.0.1/" });
  const g = globalThis;
  g.window = dom.window;
  g.document = dom.window.document;
  g.navigator = dom.window.navigator;
  g.HTMLElement = dom.window.HTMLElement;
  g.WebSocket = WebSocket;
  g.IS_REACT_ACT_ENVIRONMENT = false;
}

// bench/server.ts
import { WebSocketServer } from "ws";
async function startBenchServer() {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", () => r()));
  const payload = (i) => `{"seq":${i},"symbol":"BTC","price":${(100 + i % 100 / 10).toFixed(2)}}`;
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const text = data.toString();
      if (!text.startsWith("go:")) return;
      const n = Number(text.slice(3));
      let i = 0;
      const pump = () => {
        while (i < n) {
          socket.send(payload(i++));
          if (socket.bufferedAmount > 1 << 20) return void setImmediate(pump);
        }
      };
      pump();
    });
  });
  return {
    url: `ws://127.0.0.1:${wss.address().port}`,
    get open() {
      return wss.clients.size;
    },
    close: () => new Promise((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    })
  };
}

// bench/ws-transport.ts
import WebSocket2 from "ws";
var wsTransport = (options) => {
  const ws = new WebSocket2(options.url, options.protocols ?? []);
  ws.binaryType = "arraybuffer";
  const task = {
    get readyState() {
      return ws.readyState;
    },
    send({ data, success, fail }) {
      ws.send(data, (err) => err ? fail?.(err) : success?.(void 0));
    },
    close({ code, reason }) {
      ws.close(code, reason);
    },
    onOpen: (cb) => ws.addEventListener("open", () => cb({})),
    onMessage: (cb) => ws.addEventListener("message", (e) => cb({ data: e.data })),
    onError: (cb) => ws.addEventListener("error", (e) => cb({ errMsg: e.message })),
    onClose: (cb) => ws.addEventListener("close", (e) => cb({ code: e.code, reason: e.reason }))
  };
  return Promise.resolve(task);
};
function countingLifecycle() {
  let listeners = 0;
  const lifecycle = {
    onHide: () => void listeners++,
    offHide: () => void listeners--,
    onShow: () => void listeners++,
    offShow: () => void listeners--,
    onNetworkChange: () => void listeners++,
    offNetworkChange: () => void listeners--
  };
  return {
    lifecycle,
    get listeners() {
      return listeners;
    }
  };
}

// bench/main.ts
installDom();
var useReactUseWebSocket = reactUseWebSocketModule.default ?? reactUseWebSocketModule;
var OUT = process.env.BENCH_OUT ?? join(process.cwd(), "bench");
var THROUGHPUT_N = Number(process.env.BENCH_N ?? 2e5);
var ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
var RENDER_N = 1e4;
var FANOUT_N = 1e4;
var CHURN = 1e4;
var server;
var path = 0;
var nextUrl = () => `${server.url}/c${path++}`;
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(check, what, timeout = 6e4) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeout) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(1);
  }
}
var median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function newRegistry(extra = {}) {
  const counter = countingLifecycle();
  const registry = createSocketRegistry({
    platform: "h5",
    connect: wsTransport,
    lifecycle: counter.lifecycle,
    releaseDelay: 20,
    ...extra
  });
  return { registry, counter };
}
var probe = () => ({ received: 0, renders: 0, ready: false, send: () => void 0 });
function Ours({ url, p, reads, throttle }) {
  const socket = useSocket(url, { onMessage: () => void p.received++, ...throttle ? { throttle } : {} });
  p.renders++;
  if (reads === "lastMessage") void socket.lastMessage;
  const status = reads === "nothing" ? null : socket.status;
  p.ready = (status ?? socket.status) === "open";
  p.send = (d) => void socket.send(d);
  return null;
}
function ReactUseWebSocket({ url, p, reads }) {
  const { sendMessage, lastMessage, readyState: readyState2 } = useReactUseWebSocket(url, { onMessage: () => void p.received++ });
  p.renders++;
  if (reads === "lastMessage") void lastMessage;
  p.ready = readyState2 === 1;
  p.send = sendMessage;
  return null;
}
function Ahooks({ url, p, reads }) {
  const { sendMessage, latestMessage, readyState: readyState2 } = useAhooksWebSocket(url, { onMessage: () => void p.received++, reconnectLimit: 0 });
  p.renders++;
  if (reads === "lastMessage") void latestMessage;
  p.ready = readyState2 === 1;
  p.send = (d) => sendMessage?.(d);
  return null;
}
async function mount(element) {
  const container = document.createElement("div");
  const root = createRoot(container);
  flushSync(() => root.render(element));
  return () => flushSync(() => root.unmount());
}
async function stream(p, n) {
  await until(() => p.ready, "open");
  const before = p.received;
  const started = performance.now();
  p.send(`go:${n}`);
  await until(() => p.received - before >= n, `${n} messages`);
  return performance.now() - started;
}
async function rawCeiling(n) {
  const ws = new WebSocket3(nextUrl());
  let received = 0;
  ws.onmessage = () => void received++;
  await new Promise((r) => ws.onopen = r);
  const started = performance.now();
  ws.send(`go:${n}`);
  await until(() => received >= n, "raw messages");
  const ms = performance.now() - started;
  ws.close();
  return ms;
}
async function reactContender(name, n) {
  const p = probe();
  const url = nextUrl();
  let registry;
  let element;
  if (name === "taro-socket-hooks") {
    registry = newRegistry().registry;
    element = h(SocketProvider, { registry }, h(Ours, { url, p, reads: "nothing" }));
  } else if (name === "react-use-websocket") element = h(ReactUseWebSocket, { url, p, reads: "nothing" });
  else element = h(Ahooks, { url, p, reads: "nothing" });
  const unmount = await mount(element);
  const ms = await stream(p, n);
  unmount();
  await until(() => server.open === 0, "sockets closed");
  return ms;
}
async function throughput() {
  const names = ["raw ws (ceiling)", "taro-socket-hooks", "react-use-websocket", "ahooks useWebSocket"];
  const times = Object.fromEntries(names.map((n) => [n, []]));
  await rawCeiling(5e3);
  for (const name of names.slice(1)) await reactContender(name, 5e3);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      times[name].push(name === names[0] ? await rawCeiling(THROUGHPUT_N) : await reactContender(name, THROUGHPUT_N));
    }
  }
  const ceiling = THROUGHPUT_N / (median(times[names[0]]) / 1e3);
  return names.map((name) => {
    const rate = THROUGHPUT_N / (median(times[name]) / 1e3);
    return { contender: name, "messages/s": Math.round(rate), "vs raw": +(rate / ceiling).toFixed(2) };
  });
}
async function renders() {
  const cases = [];
  const ours = (reads, throttle) => (url, p) => h(SocketProvider, { registry: newRegistry().registry }, h(Ours, { url, p, reads, ...throttle ? { throttle } : {} }));
  cases.push({ contender: "taro-socket-hooks", reads: "status", make: ours("status") });
  cases.push({ contender: "taro-socket-hooks", reads: "lastMessage", make: ours("lastMessage") });
  cases.push({ contender: "taro-socket-hooks", reads: "lastMessage", throttle: 50, make: ours("lastMessage", 50) });
  cases.push({ contender: "react-use-websocket", reads: "status", make: (url, p) => h(ReactUseWebSocket, { url, p, reads: "status" }) });
  cases.push({ contender: "react-use-websocket", reads: "lastMessage", make: (url, p) => h(ReactUseWebSocket, { url, p, reads: "lastMessage" }) });
  cases.push({ contender: "ahooks useWebSocket", reads: "status", make: (url, p) => h(Ahooks, { url, p, reads: "status" }) });
  cases.push({ contender: "ahooks useWebSocket", reads: "lastMessage", make: (url, p) => h(Ahooks, { url, p, reads: "lastMessage" }) });
  const rows = [];
  for (const c of cases) {
    const p = probe();
    const unmount = await mount(c.make(nextUrl(), p));
    await until(() => p.ready, "open");
    await sleep(20);
    const before = p.renders;
    await stream(p, RENDER_N);
    await sleep(c.throttle ? c.throttle * 2 : 20);
    rows.push({
      contender: c.contender,
      reads: c.reads + (c.throttle ? ` (throttle ${c.throttle} ms)` : ""),
      [`renders per ${RENDER_N}`]: p.renders - before,
      "onMessage calls": p.received,
      lost: RENDER_N - p.received
    });
    unmount();
    await until(() => server.open === 0, "sockets closed");
  }
  return rows;
}
async function fanout() {
  const rows = [];
  let base = 0;
  for (const k of [1, 10, 100, 1e3]) {
    const { registry } = newRegistry();
    const url = nextUrl();
    const probes = Array.from({ length: k }, probe);
    const unmount = await mount(h(SocketProvider, { registry }, ...probes.map((p, i) => h(Ours, { key: i, url, p, reads: "nothing" }))));
    await until(() => probes[0].ready, "open");
    const sockets = server.open;
    const started = performance.now();
    probes[0].send(`go:${FANOUT_N}`);
    await until(() => probes.every((p) => p.received >= FANOUT_N), "fan-out");
    const ms = performance.now() - started;
    const perDelivery = ms * 1e6 / (FANOUT_N * k);
    if (k === 1) base = perDelivery;
    rows.push({
      components: k,
      "server sockets": sockets,
      "ms per 10,000 messages": Math.round(ms),
      "ns per message per component": Math.round(perDelivery),
      "vs 1 component": +(perDelivery / base).toFixed(2)
    });
    unmount();
    await until(() => server.open === 0, "sockets closed");
  }
  return rows;
}
async function churn() {
  const gc = globalThis.gc;
  if (!gc) throw new Error("run with node --expose-gc");
  const { registry, counter } = newRegistry({ releaseDelay: 50 });
  const urls = [nextUrl(), nextUrl(), nextUrl(), nextUrl()];
  const container = document.createElement("div");
  const root = createRoot(container);
  const cycle = (i) => {
    const p = probe();
    flushSync(() => root.render(h(SocketProvider, { registry }, h(Ours, { url: urls[i % urls.length], p, reads: "status" }))));
    flushSync(() => root.render(null));
  };
  const settleAll = async () => {
    await until(() => server.open === 0 && registry.stats().connections === 0, "all released", 1e4);
    await sleep(50);
    for (let i = 0; i < 3; i++) gc();
  };
  for (let i = 0; i < 500; i++) cycle(i);
  await settleAll();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < CHURN; i++) {
    cycle(i);
    if (i % 500 === 499) await sleep(0);
  }
  const ms = performance.now() - started;
  await settleAll();
  const after = process.memoryUsage().heapUsed;
  root.unmount();
  return [
    {
      cycles: CHURN,
      "ms total": Math.round(ms),
      "heap before (MB)": +(before / 2 ** 20).toFixed(2),
      "heap after (MB)": +(after / 2 ** 20).toFixed(2),
      "heap growth (KB)": Math.round((after - before) / 1024),
      "sockets left": server.open,
      "registry connections left": registry.stats().connections,
      "lifecycle listeners left": counter.listeners
    }
  ];
}
function table(rows) {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v) => String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals) => `| ${vals.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  return [line(cols), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n");
}
async function main() {
  const started = Date.now();
  server = await startBenchServer();
  const results = {};
  const sections = [
    ["throughput", `1. Throughput: ${THROUGHPUT_N.toLocaleString("en")} messages to onMessage in a mounted component (median of ${ROUNDS})`, throughput],
    ["renders", `2. Renders while ${RENDER_N.toLocaleString("en")} messages stream in`, renders],
    ["fanout", `3. Fan-out: components sharing one socket, ${FANOUT_N.toLocaleString("en")} messages`, fanout],
    ["churn", `4. Churn: ${CHURN.toLocaleString("en")} mount/unmount cycles`, churn],
    ["bundle", "5. Bundle size: min+gzip, react, react-dom and @tarojs/taro external", () => measureBundles(process.cwd())]
  ];
  let report = "";
  for (const [key, title, run] of sections) {
    const rows = await run();
    results[key] = rows;
    const block = `### ${title}

${table(rows)}
`;
    console.log(`
${block}`);
    report += `${block}
`;
  }
  await server.close();
  const machine = `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const seconds = Math.round((Date.now() - started) / 1e3);
  writeFileSync(join(OUT, "results.json"), JSON.stringify({ date: (/* @__PURE__ */ new Date()).toISOString(), machine, seconds, results }, null, 2));
  writeFileSync(
    join(OUT, "..", "BENCHMARKS.md"),
    `# Benchmarks

Latest \`pnpm bench\` (${(/* @__PURE__ */ new Date()).toISOString().slice(0, 10)}, ${seconds} s), on ${machine}.
All contenders run in one process against one \`ws\` server on 127.0.0.1 and get the same socket class (\`ws\`); React 18 with react-dom in jsdom. Ratios compare within this run only.

${report}`
  );
  console.log(`
bench: done in ${seconds} s; wrote bench/results.json and BENCHMARKS.md`);
  process.exit(0);
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
