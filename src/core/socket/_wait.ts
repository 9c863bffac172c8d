/**
 * Waiting with an AbortSignal and a timeout: the one place where every
 * blocking socket call gets cancellation and Python's `settimeout` semantics.
 *
 * @example
 * ```ts
 * import { waitFor } from "./_wait.ts";
 * const read = () => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(new Uint8Array(1)), 10));
 * const signal = AbortSignal.timeout(5000);
 * const data = await waitFor(read(), { signal, timeoutMs: 500, syscall: "recv" });
 * ```
 * @module
 */
import { SocketError, SocketTimeoutError } from "../errors.ts";

/** How long and how cancellably to wait. */
export interface WaitSpec {
  /** Cancels the wait with ECANCELED (or the signal's SocketError reason). */
  signal?: AbortSignal | undefined;
  /** Gives up with ETIMEDOUT after this many milliseconds (null/undefined = never). */
  timeoutMs?: number | null | undefined;
  /**
   * When the call's timeout ends (a `Date.now()` instant), fixed once per call
   * by {@link startWait} so that a call that waits several times (a retry
   * after a spurious wake-up) times out once, not never.
   */
  deadline?: number | undefined;
  /** The socket's close signal: aborting it rejects the wait with EBADF at once. */
  closed?: AbortSignal | undefined;
  /** The operation, for the error. */
  syscall: string;
  /** The address involved, for the error. */
  address?: unknown;
}

/** The error an aborted wait rejects with: the signal's SocketError reason, else ECANCELED (never a raw DOMException). */
export function abortError(signal: AbortSignal, syscall: string, address?: unknown): Error {
  const r = signal.reason;
  if (r instanceof SocketError) return r;
  const why = r instanceof Error ? r.message : r === undefined ? "" : String(r);
  return new SocketError("ECANCELED", `${syscall} was cancelled by its AbortSignal${why ? `: ${why}` : ""}`, { syscall, address, cause: r });
}

/** The error every call pending at close() rejects with. */
export function closedError(syscall: string, address?: unknown): SocketError {
  return new SocketError("EBADF", `the socket was closed while ${syscall} was pending`, { syscall, address });
}

/** EAGAIN for a call that would wait on a non-blocking socket (`settimeout(0)` or MSG_DONTWAIT). */
export function wouldBlock(syscall: string, address?: unknown): SocketError {
  return new SocketError("EAGAIN", `${syscall} would block (settimeout(0) or MSG_DONTWAIT make the socket non-blocking)`, { syscall, address });
}

/** ETIMEDOUT, as a {@link SocketTimeoutError}. */
export function timeoutError(spec: WaitSpec): SocketError {
  return new SocketTimeoutError(`${spec.syscall} timed out after ${(spec.timeoutMs ?? 0) / 1000}s (settimeout)`, { syscall: spec.syscall, address: spec.address });
}

/** The spec with its deadline fixed now (call once per socket call, before its first wait). */
export function startWait(spec: WaitSpec): WaitSpec {
  const t = spec.timeoutMs;
  return t === null || t === undefined || t === 0 || spec.deadline !== undefined ? spec : { ...spec, deadline: Date.now() + t };
}

/**
 * True when waitFor itself gave up (signal, timeout, MSG_DONTWAIT) rather than
 * the runtime failing: the runtime's pending call is still running and is kept
 * for the next caller, so no data or connection is lost.
 */
export function waitGaveUp(e: unknown, syscall: string): boolean {
  return e instanceof SocketError && e.syscall === syscall && (e.code === "ECANCELED" || e.code === "ETIMEDOUT" || e.code === "EAGAIN");
}

/**
 * Resolves like `p`, or rejects when the signal aborts, the socket closes
 * (EBADF) or the timeout passes. `p` itself keeps running: callers that must
 * not lose its result keep it.
 */
export function waitFor<T>(p: Promise<T>, spec: WaitSpec): Promise<T> {
  const { signal, timeoutMs, closed } = spec;
  if (!signal && !closed && (timeoutMs === null || timeoutMs === undefined)) return p;
  if (closed?.aborted || signal?.aborted) {
    p.catch(() => {});
    return Promise.reject(closed?.aborted ? closedError(spec.syscall, spec.address) : abortError(signal!, spec.syscall, spec.address));
  }
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => { cleanup(); reject(abortError(signal!, spec.syscall, spec.address)); };
    const onClose = () => { cleanup(); reject(closedError(spec.syscall, spec.address)); };
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      closed?.removeEventListener("abort", onClose);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    closed?.addEventListener("abort", onClose, { once: true });
    if (timeoutMs !== null && timeoutMs !== undefined) {
      const ms = spec.deadline === undefined ? timeoutMs : Math.max(0, spec.deadline - Date.now());
      timer = setTimeout(() => {
        cleanup();
        reject(timeoutMs === 0 ? wouldBlock(spec.syscall, spec.address) : timeoutError(spec));
      }, ms);
    }
    p.then((v) => { cleanup(); resolve(v); }, (e) => { cleanup(); reject(e); });
  });
}

/** Sleeps `ms`, as cancellably as any wait (timeout, signal, close). */
export function sleep(ms: number, spec: WaitSpec): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const p = new Promise<void>((r) => (timer = setTimeout(r, ms)));
  return waitFor(p, spec).finally(() => clearTimeout(timer));
}

/**
 * A FIFO lock so that concurrent recv()/accept()/send() calls are served in
 * order, even when one of them is cancelled while queued. The uncontended
 * path costs no promise: `if (!t.tryEnter()) await t.enter(spec)`.
 */
export class Turnstile {
  #busy = false;
  #waiters: Array<() => void> = [];

  /** Takes the turn if free; true on success. */
  tryEnter(): boolean {
    if (this.#busy) return false;
    this.#busy = true;
    return true;
  }

  /** Waits for the turn; a cancelled wait leaves the queue. */
  enter(spec: WaitSpec): Promise<void> {
    if (this.tryEnter()) return Promise.resolve();
    let wake!: () => void;
    const turn = new Promise<void>((r) => (wake = r));
    this.#waiters.push(wake);
    return waitFor(turn, spec).catch((e) => {
      const i = this.#waiters.indexOf(wake);
      if (i >= 0) this.#waiters.splice(i, 1);
      else this.leave(); // the turn arrived just as we gave up: pass it on
      throw e;
    });
  }

  /** Gives the turn to the next waiter. */
  leave(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#busy = false;
  }
}
