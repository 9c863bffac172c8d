/**
 * Settling a transport's promise with the caller's mapping of its value or
 * error (the `then`/`fail` pair of {@link StreamTransport.read} and
 * {@link DatagramTransport.receive}): a transport told of data by events calls
 * the mapping from the event, so a receive costs one promise, not two.
 *
 * @example
 * ```ts
 * import { mapped } from "./_settle.ts";
 * await mapped(Promise.resolve(2), (n) => n * 2, () => 0); // 4
 * ```
 * @module
 */

/** A pending promise's functions and the caller's mapping of its value or error. */
export interface Settler<T> {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  then?: ((v: T) => unknown) | undefined;
  fail?: ((e: unknown) => unknown) | undefined;
}

/** Settles `w` with `v` (through its `then`, if any), or rejects it with what `then` throws. */
export function settleValue<T>(w: Settler<T>, v: T): void {
  if (w.then) settle(w, w.then, v);
  else w.resolve(v);
}

/** Settles `w` for the error `e` (through its `fail`, if any: what it returns resolves, what it throws rejects). */
export function settleError(w: Settler<never>, e: unknown): void {
  if (w.fail) settle(w, w.fail, e);
  else w.reject(e);
}

function settle<V>(w: Settler<never>, f: (v: V) => unknown, v: V): void {
  let r: unknown;
  try {
    r = f(v);
  } catch (e) {
    w.reject(e);
    return;
  }
  w.resolve(r);
}

/** `f(v)` as a settled promise (rejected with what `f` throws). */
export function settled<V, R>(f: (v: V) => R, v: V): Promise<R> {
  try {
    return Promise.resolve(f(v));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `p` mapped by `then`/`fail` when both are given, else `p` itself. */
export function mapped<T, R>(p: Promise<T>, then?: (v: T) => R, fail?: (e: unknown) => R): Promise<T | R> {
  return then && fail ? p.then(then, fail) : p;
}
