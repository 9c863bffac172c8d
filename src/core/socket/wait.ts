/**
 * Waiting with an AbortSignal and a timeout: the one place where every
 * blocking socket call gets cancellation and Python's `settimeout` semantics.
 *
 * @example
 * ```ts
 * import { waitFor } from "./wait.ts";
 * const read = () => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(new Uint8Array(1)), 10));
 * const signal = AbortSignal.timeout(5000);
 * const data = await waitFor(read(), { signal, timeoutMs: 500, syscall: "recv" });
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";

/** How long and how cancellably to wait. */
export interface WaitSpec {
  /** Cancels the wait with ECANCELED (or the signal's SocketError reason). */
  signal?: AbortSignal | undefined;
  /** Gives up with ETIMEDOUT after this many milliseconds (null/undefined = never). */
  timeoutMs?: number | null | undefined;
  /** The operation, for the error. */
  syscall: string;
  /** The address involved, for the error. */
  address?: unknown;
}

/** The error an aborted wait rejects with. */
export function abortError(signal: AbortSignal, syscall: string, address?: unknown): Error {
  const r = signal.reason;
  if (r instanceof SocketError) return r;
  const why = r instanceof Error ? r.message : r === undefined ? "" : String(r);
  return new SocketError("ECANCELED", `${syscall} was cancelled by its AbortSignal${why ? `: ${why}` : ""}`, { syscall, address, cause: r });
}

/**
 * Resolves like `p`, or rejects when the signal aborts or the timeout passes.
 * `p` itself keeps running: callers that must not lose its result keep it.
 */
export function waitFor<T>(p: Promise<T>, spec: WaitSpec): Promise<T> {
  const { signal, timeoutMs } = spec;
  if (!signal && (timeoutMs === null || timeoutMs === undefined)) return p;
  if (signal?.aborted) {
    p.catch(() => {});
    return Promise.reject(abortError(signal, spec.syscall, spec.address));
  }
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => { cleanup(); reject(abortError(signal!, spec.syscall, spec.address)); };
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    if (timeoutMs !== null && timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        if (timeoutMs === 0) {
          reject(new SocketError("EAGAIN", `${spec.syscall} would block (settimeout(0) makes the socket non-blocking)`, { syscall: spec.syscall, address: spec.address }));
          return;
        }
        reject(new SocketError("ETIMEDOUT", `${spec.syscall} timed out after ${timeoutMs / 1000}s (settimeout)`, { syscall: spec.syscall, address: spec.address }));
      }, timeoutMs);
    }
    p.then((v) => { cleanup(); resolve(v); }, (e) => { cleanup(); reject(e); });
  });
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
