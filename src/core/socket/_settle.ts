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

/** A promise settled at once with the value `v`, through `then` when given (rejected with what `then` throws). */
export function settledValue<T, R>(v: T, then?: (v: T) => R): Promise<T | R> {
  return then ? settledBy(then, v) : Promise.resolve(v);
}

/** A promise settled at once for the error `e`, through `fail` when given (resolved with what it returns, rejected with what it throws). */
export function settledError<R>(e: unknown, fail?: (e: unknown) => R): Promise<R> {
  return fail ? settledBy(fail, e) : Promise.reject(e);
}

function settledBy<V, R>(f: (v: V) => R, v: V): Promise<R> {
  try {
    return Promise.resolve(f(v));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `p`, rejecting with `fail(error)` instead of the error when `fail` is given. */
export function failingWith<T>(p: Promise<T>, fail?: (e: unknown) => unknown): Promise<T> {
  return fail ? p.catch((e) => { throw fail(e); }) : p;
}

/** `p` mapped by `then`/`fail` when both are given, else `p` itself. */
export function mapped<T, R>(p: Promise<T>, then?: (v: T) => R, fail?: (e: unknown) => R): Promise<T | R> {
  return then && fail ? p.then(then, fail) : p;
}
