/**
 * Argument checks for the public entry points of sockfam/core: a wrong
 * argument is a TypeError (or RangeError) that names the function, the
 * argument and what to pass, never a "cannot read properties of undefined"
 * from deep inside. Internal to sockfam/core.
 *
 * @example
 * ```ts
 * import { bytesArg, objectArg } from "./_args.ts";
 * bytesArg(new Uint8Array(2), "crc32");                 // the same Uint8Array
 * objectArg({ ipv4: {} }, "buildPacket", "spec", "{ ipv4: { src, dst }, udp: {...} }");
 * ```
 * @module
 */

/** A value's kind for messages: "null", "undefined", "number", or its class name. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return (v as object).constructor?.name ?? "object";
}

/**
 * Returns `value` as a Uint8Array over the same bytes (no copy): a Uint8Array
 * as is, any other ArrayBufferView or an ArrayBuffer as a byte view.
 * Throws a TypeError naming `fn` otherwise.
 */
export function bytesArg(value: unknown, fn: string, name = "bytes"): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`${fn}: ${name} must be a Uint8Array (or another ArrayBufferView / ArrayBuffer), got ${describe(value)}`);
}

/** Checks an unsigned integer argument below 2^bits; `undefined` gives 0 when `optional`. */
export function uintArg(value: unknown, fn: string, name: string, bits: 16 | 32, optional = false): number {
  if (value === undefined && optional) return 0;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${fn}: ${name} must be an integer from 0 to ${bits === 16 ? "0xffff" : "0xffffffff"}, got ${typeof value === "number" ? value : describe(value)}`);
  }
  if (value < 0 || value >= 2 ** bits) {
    throw new RangeError(`${fn}: ${name} must be from 0 to ${bits === 16 ? "0xffff" : "0xffffffff"}, got ${value}`);
  }
  return value;
}

/** Checks that `value` is a plain object (not null, not an array); `shape` shows what to pass. */
export function objectArg<T>(value: T, fn: string, name: string, shape: string): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${fn}: ${name} must be an object such as ${shape}, got ${describe(value)}`);
  }
  return value;
}

/** Checks an optional callback: a function or undefined. */
export function functionArg<T>(value: T, fn: string, name: string): T {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${fn}: ${name} must be a function (or left out), got ${describe(value)}`);
  return value;
}

/**
 * Checks one record or frame of a list: a Uint8Array, or an object whose `data`
 * is one. `what` names it ("record 3", "frames[3]"), `shape` shows the object form.
 */
export function recordArg<T extends { data: Uint8Array }>(value: Uint8Array | T, fn: string, what: string, shape: string): Uint8Array | T {
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === "object" && (value as T).data instanceof Uint8Array) return value;
  const got = value === null || typeof value !== "object" ? describe(value) : `an object whose data is ${describe((value as T).data)}`;
  throw new TypeError(`${fn}: ${what} must be a Uint8Array or ${shape}, got ${got}`);
}

/** Checks that `value` is iterable (an array, a generator...; async iterables too when `async`), and not a string. */
export function iterableArg<T>(value: Iterable<T>, fn: string, name = "records", async = false): Iterable<T> {
  const v = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (v === null || v === undefined || typeof v === "string" || (typeof v[Symbol.iterator] !== "function" && !(async && typeof v[Symbol.asyncIterator] === "function"))) {
    throw new TypeError(`${fn}: ${name} must be an array or another iterable, got ${describe(value)}`);
  }
  return value;
}
