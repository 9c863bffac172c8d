/**
 * The options CoreSocket gives a runtime's connect: the socket's open options,
 * the caller's signal, and close()'s hook. An AbortSignal per connect costs
 * more than a loopback connect's own JavaScript (Node's EventTarget, Deno's
 * cancel handle), so `signal` — the caller's and close() in one — is made
 * only when a runtime reads it; Node's and Deno's connects set `cancel`
 * instead and read `signal` only when the caller gave one.
 *
 * @example
 * ```ts
 * import { ConnectOptions } from "./_connect_options.ts";
 * const o = new ConnectOptions({ backlog: 16 }, undefined);
 * o.cancel = () => console.log("cancelled");
 * o.close(); // "cancelled"
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";
import type { ConnectHook, OpenOptions } from "./transport.ts";

/** A connect's {@link OpenOptions} and its {@link ConnectHook}. */
export class ConnectOptions implements OpenOptions, ConnectHook {
  declare backlog?: number;
  declare reuseAddr?: boolean;
  declare reusePort?: boolean;
  declare v6only?: boolean;
  declare multicastLoop?: boolean;
  declare rcvbuf?: number;
  declare sndbuf?: number;
  declare local?: SocketAddress;
  declare localEphemeral?: boolean;
  declare allowHalfOpen?: boolean;
  /** The caller's signal (part of `signal`). */
  readonly callerSignal: AbortSignal | undefined;
  /** Set by the runtime while its connect is pending; close() calls it. */
  cancel: (() => void) | null = null;
  /** True once close() was called. */
  closed = false;
  #abort: AbortController | null = null;
  #signal: AbortSignal | null = null;

  /**
   * @param base the socket's open options (copied)
   * @param callerSignal the signal given to connect(), if any
   */
  constructor(base: OpenOptions, callerSignal: AbortSignal | undefined) {
    Object.assign(this, base);
    this.callerSignal = callerSignal;
  }

  /** close()'s hook: this object. */
  get closeHook(): ConnectHook {
    return this;
  }

  /** Aborts when the caller's signal does or close() is called; made on first read. */
  get signal(): AbortSignal {
    if (!this.#signal) {
      this.#abort = new AbortController();
      if (this.closed) this.#abort.abort(CLOSED);
      this.#signal = this.callerSignal ? AbortSignal.any([this.callerSignal, this.#abort.signal]) : this.#abort.signal;
    }
    return this.#signal;
  }

  /** close(): calls the runtime's `cancel` and aborts `signal` (if it was made). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const cancel = this.cancel;
    this.cancel = null;
    cancel?.();
    this.#abort?.abort(CLOSED);
  }
}

/** The reason `signal` aborts with at close() (one object: an abort() without a reason builds a DOMException). */
const CLOSED = Object.freeze(Object.assign(new Error("the socket was closed while connecting"), { code: "EBADF" }));
