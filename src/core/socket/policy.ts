/**
 * The argument checks every socket kind shares — CoreSocket over a runtime's
 * transports and NativeSocket over the shim — so that `recv(-1)`,
 * `settimeout(Infinity)` or an unknown flag mean the same everywhere. Each
 * check throws a SocketError (EINVAL, EOPNOTSUPP), never a TypeError.
 *
 * @example
 * ```ts
 * import { checkBufsize, timeoutMs } from "./policy.ts";
 * checkBufsize(4096, "recv"); // 4096
 * timeoutMs(Infinity);        // null: no timeout, as settimeout(None)
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";

/** Largest recv() size: the kernel's own limit (INT_MAX), as Python's recv reports. */
export const MAX_BUFSIZE = 0x7fffffff;

/** Bytes a native socket allocates at most for one receive; larger sizes receive at most this much. */
export const NATIVE_RECV_MAX = 4 << 20;

/**
 * Validates a recv() size: an integer from 0 to {@link MAX_BUFSIZE}; EINVAL otherwise.
 *
 * @example
 * ```ts
 * import { checkBufsize } from "./policy.ts";
 * checkBufsize(-1, "recv"); // throws SocketError EINVAL
 * ```
 */
export function checkBufsize(bufsize: unknown, syscall: string): number {
  if (typeof bufsize !== "number" || !Number.isInteger(bufsize) || bufsize < 0 || bufsize > MAX_BUFSIZE) {
    throw new SocketError("EINVAL", `${syscall}: bufsize must be an integer from 0 to ${MAX_BUFSIZE}, got ${String(bufsize)}`, { syscall });
  }
  return bufsize;
}

/**
 * Validates flag bits: an integer whose bits are all in `allowed`. Unsupported
 * bits are EOPNOTSUPP, never silently ignored.
 *
 * @example
 * ```ts
 * import { checkFlags } from "./policy.ts";
 * checkFlags(0x40, 0x42, "recv", "AF_INET SOCK_DGRAM"); // ok (MSG_DONTWAIT)
 * ```
 */
export function checkFlags(flags: unknown, allowed: number, syscall: string, kind: string): number {
  if (typeof flags !== "number" || !Number.isInteger(flags) || flags < 0 || flags > 0x7fffffff) {
    const hint = flags !== null && typeof flags === "object"
      ? `got an object: options come after the flags, as in ${syscall}(…, 0, { signal })`
      : `got ${typeof flags === "string" ? JSON.stringify(flags) : String(flags)}`;
    throw new SocketError("EINVAL", `${syscall}: flags must be a non-negative integer, ${hint}`, { syscall });
  }
  const bad = flags & ~allowed;
  if (bad) throw new SocketError("EOPNOTSUPP", `${syscall}: flags 0x${bad.toString(16)} are not supported on a ${kind} socket (supported: 0x${allowed.toString(16)})`, { syscall });
  return flags;
}

/**
 * Validates a `settimeout` value and turns it into milliseconds: null (or
 * Infinity) waits forever, 0 never waits (EAGAIN), a positive number times out
 * with ETIMEDOUT. Negative, NaN or non-numbers are EINVAL.
 *
 * @example
 * ```ts
 * import { timeoutMs } from "./policy.ts";
 * timeoutMs(1.5); // 1500
 * ```
 */
export function timeoutMs(seconds: unknown): number | null {
  if (seconds === null || seconds === Infinity) return null;
  if (typeof seconds !== "number" || !(seconds >= 0)) {
    throw new SocketError("EINVAL", `settimeout: timeout must be a non-negative number of seconds, Infinity or null, got ${String(seconds)}`, { syscall: "settimeout" });
  }
  // setTimeout keeps at most 2^31-1 ms; anything longer is "wait forever" in practice.
  return seconds * 1000 > 0x7fffffff ? null : seconds * 1000;
}

/**
 * Validates the data of a send: a Uint8Array.
 *
 * @example
 * ```ts
 * import { checkData } from "./policy.ts";
 * checkData(new Uint8Array(3), "send");
 * ```
 */
export function checkData(data: unknown, syscall: string): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new SocketError("EINVAL", `${syscall}: data must be a Uint8Array, got ${data === null ? "null" : typeof data}`, { syscall });
  return data;
}

/**
 * Refuses Python's three-argument `sendto(data, flags, address)`: sockfam's
 * is `sendto(data, address, options?)`, so a number where the address goes is
 * an EINVAL that says so (not a confusing complaint about the options).
 *
 * @example
 * ```ts
 * import { checkSendtoAddress } from "./policy.ts";
 * checkSendtoAddress({ host: "127.0.0.1", port: 9 }); // fine
 * checkSendtoAddress(0); // SocketError EINVAL: ... sendto(data, address, options) ...
 * ```
 */
export function checkSendtoAddress(address: unknown): void {
  if (typeof address === "number") {
    throw new SocketError("EINVAL", `sendto: got ${address} where the address goes: sockfam's form is sendto(data, address, options?), not Python's sendto(data, flags, address) (sendto takes no flags)`, { syscall: "sendto" });
  }
}

/**
 * Checks the options of a call that may wait: undefined, or an object whose
 * only keys are `signal` (an AbortSignal) and those in `extra`. An unknown key
 * is an EINVAL that says what to use instead, never silently ignored (a
 * `{ timeout }` that did nothing would leave the call waiting for ever).
 * Returns the options.
 *
 * @example
 * ```ts
 * import { checkWaitOptions } from "./policy.ts";
 * checkWaitOptions({ signal: AbortSignal.timeout(500) }, "recv"); // fine
 * checkWaitOptions({ timeout: 1 }, "recv"); // SocketError EINVAL: ... settimeout(seconds) ... AbortSignal.timeout(ms)
 * ```
 */
export function checkWaitOptions<T>(options: T, syscall: string, extra: readonly string[] = []): T {
  if (options === undefined) return options;
  if (options === null || typeof options !== "object") {
    throw new SocketError("EINVAL", `${syscall}: options must be an object such as { signal }, got ${String(options)}`, { syscall });
  }
  for (const key in options) {
    if (key === "signal" || extra.includes(key)) continue;
    const what = key === "timeout" || key === "timeoutMs"
      ? "per-call timeouts are given as signal: AbortSignal.timeout(ms), or for every call with settimeout(seconds)"
      : `the options are ${["signal", ...extra].join(", ")}`;
    throw new SocketError("EINVAL", `${syscall}: unknown option "${key}": ${what}`, { syscall });
  }
  const signal = (options as { signal?: unknown }).signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new SocketError("EINVAL", `${syscall}: options.signal must be an AbortSignal`, { syscall });
  }
  return options;
}

/**
 * Options of a convenience call (createConnection, createServer, framed,
 * connect): undefined or an object; anything else is EINVAL showing `shape`.
 *
 * @example
 * ```ts
 * import { checkOptionsObject } from "./policy.ts";
 * checkOptionsObject({ timeout: 5 }, "createConnection", "{ timeout: 5 }"); // fine
 * checkOptionsObject(null, "createConnection", "{ timeout: 5 }");          // SocketError EINVAL
 * ```
 */
export function checkOptionsObject<T>(options: T, syscall: string, shape: string): T {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new SocketError("EINVAL", `${syscall}: options must be an object such as ${shape}, got ${options === null ? "null" : typeof options}`, { syscall });
  }
  return options;
}

/**
 * An address argument's shape before anything looks inside it: an object
 * (`{ host, port }`, `{ path }`, ...); anything else is EINVAL saying so.
 *
 * @example
 * ```ts
 * import { checkAddressObject } from "./policy.ts";
 * checkAddressObject({ host: "127.0.0.1", port: 80 }, "connect"); // fine
 * checkAddressObject("127.0.0.1:80", "createConnection");         // SocketError EINVAL
 * ```
 */
export function checkAddressObject<T>(address: T, syscall: string): T {
  if (address === null || typeof address !== "object") {
    throw new SocketError("EINVAL", `${syscall}: the address must be an object such as { host: "127.0.0.1", port: 8080 } or { path: "/tmp/s.sock" }, got ${address === null ? "null" : typeof address === "string" ? JSON.stringify(address) : typeof address}`, { syscall });
  }
  return address;
}

/**
 * How long close() lets the runtime finish writing bytes a send() already
 * reported sent before it drops them (Python's close leaves them to the
 * kernel; a peer that never reads cannot hold the descriptor forever).
 */
export const FLUSH_ON_CLOSE_MS = 60_000;

/**
 * Calls `close` once `after` settles (a write still delivering bytes a send()
 * reported sent), or after {@link FLUSH_ON_CLOSE_MS} at the latest. `unref`
 * keeps that timer from holding the process open (the default unrefs a
 * Node/Bun timer; Deno's adapter passes Deno.unrefTimer).
 *
 * @example
 * ```ts
 * import { closeAfter } from "./policy.ts";
 * closeAfter(Promise.resolve(), () => console.log("closed"));
 * ```
 */
export function closeAfter(after: Promise<unknown>, close: () => void, unref: (timer: ReturnType<typeof setTimeout>) => void = unrefTimer): void {
  let done = false;
  const fin = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    close();
  };
  const timer = setTimeout(fin, FLUSH_ON_CLOSE_MS);
  unref(timer);
  after.then(fin, fin);
}

const unrefTimer = (t: ReturnType<typeof setTimeout>) => (t as { unref?: () => void }).unref?.();
