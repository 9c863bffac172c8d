/**
 * Readiness of Deno's native descriptors from sockfam's own reactor thread
 * (native/reactor.h): each wait arms the descriptor once in an epoll set, the
 * thread reports what became ready through a thread-safe FFI callback, and
 * the thread follows the CPU this thread runs on. A `nonblocking` FFI poll()
 * per wait (the fallback, in ffi.ts) runs on Deno's blocking pool instead,
 * whose threads the scheduler wakes on an idle CPU: on a quiet VM each such
 * wake-up costs more than a loopback round trip (native UDP round trips fell
 * to 0.45x Deno's own API that way; docs/native.md).
 *
 * @example
 * ```ts
 * import { openReactor } from "./reactor.ts";
 * const reactor = openReactor("/path/to/sockfam_native.node"); // null when it cannot start
 * const w = reactor?.waiter(5);
 * await w?.wait(1); // fd 5 readable (or the waiter closed)
 * ```
 * @module
 */
import { READABLE, WRITABLE, type Waiter } from "../core/native/backend.ts";

// The slice of Deno's FFI API used here (the adapter compiles without Deno's types).
interface ThreadSafeCallback { readonly pointer: unknown; ref(): number; unref(): number }
interface DenoFfiCallbacks {
  dlopen(path: string, symbols: Record<string, { parameters: string[]; result: string }>): { symbols: Record<string, (...args: unknown[]) => number> };
  UnsafeCallback: { threadSafe(definition: { parameters: string[]; result: string }, fn: (count: number) => void): ThreadSafeCallback };
}

const SYMBOLS = {
  sf_reactor_open: { parameters: ["function", "buffer", "i32"], result: "i32" },
  sf_reactor_arm: { parameters: ["i32", "i32", "i32", "i32"], result: "i32" },
  sf_reactor_disarm: { parameters: ["i32", "i32"], result: "i32" },
  sf_cpu: { parameters: [], result: "i32" },
};

/** epoll's bits (the same values as poll's). */
const EPOLLIN = 1, EPOLLOUT = 4, EPOLLERR = 8, EPOLLHUP = 16;
/** Ready descriptors per report. */
const CAPACITY = 256;

/** One pending wait. */
interface Entry { events: number; settle(): void }

/**
 * The process's reactor: one thread, one epoll set, the waiters by descriptor.
 *
 * @example
 * ```ts
 * import { openReactor } from "./reactor.ts";
 * const w = openReactor("/path/to/sockfam_native.node")?.waiter(7);
 * ```
 */
export class Reactor {
  readonly #sym: Record<string, (...args: unknown[]) => number>;
  readonly #id: number;
  readonly #callback: ThreadSafeCallback;
  readonly #out: Uint32Array;
  readonly #byFd = new Map<number, ReactorWaiter>();
  #pending = 0;

  /** @internal Use {@link openReactor}. */
  constructor(sym: Record<string, (...args: unknown[]) => number>, id: number, callback: ThreadSafeCallback, out: Uint32Array) {
    this.#sym = sym;
    this.#id = id;
    this.#callback = callback;
    this.#out = out;
  }

  /** A waiter for `fd` (close it before the descriptor). */
  waiter(fd: number): Waiter {
    const w = new ReactorWaiter(this, fd);
    this.#byFd.set(fd, w);
    return w;
  }

  /** The thread's report: `count` pairs [fd, events]. */
  ready(count: number): void {
    const out = this.#out;
    for (let i = 0; i < count; i++) this.#byFd.get(out[2 * i]!)?.fire(out[2 * i + 1]!);
  }

  /** Arms `fd` for poll-style `events` (1 in, 4 out); false when the kernel refused (the caller re-checks). */
  arm(fd: number, events: number): boolean {
    return this.#sym.sf_reactor_arm!(this.#id, fd, events, this.#sym.sf_cpu!()) >= 0;
  }

  /** Stops watching `fd` (its waits were withdrawn or it is closing). */
  disarm(fd: number): void {
    this.#sym.sf_reactor_disarm!(this.#id, fd);
  }

  /** Counts pending waits: while there are any, the callback keeps the event loop alive. */
  hold(delta: number): void {
    const before = this.#pending;
    this.#pending += delta;
    if (before === 0 && this.#pending > 0) this.#callback.ref();
    else if (before > 0 && this.#pending === 0) this.#callback.unref();
  }

  /** Drops `w` as the waiter of `fd` (a later waiter of a reused descriptor number stays). */
  forget(fd: number, w: ReactorWaiter): void {
    if (this.#byFd.get(fd) === w) this.#byFd.delete(fd);
  }
}

/** The waits on one descriptor: armed for the union of what they wait for. */
class ReactorWaiter implements Waiter {
  readonly #r: Reactor;
  readonly #fd: number;
  readonly #entries = new Set<Entry>();
  #closed = false;

  constructor(r: Reactor, fd: number) {
    this.#r = r;
    this.#fd = fd;
  }

  wait(events: number, cancel?: AbortSignal): Promise<void> {
    if (this.#closed || cancel?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const entry: Entry = {
        events,
        settle: () => {
          if (!this.#entries.delete(entry)) return;
          cancel?.removeEventListener("abort", withdraw);
          this.#r.hold(-1);
          resolve();
        },
      };
      const withdraw = () => {
        entry.settle();
        if (this.#entries.size === 0 && !this.#closed) this.#r.disarm(this.#fd);
      };
      this.#entries.add(entry);
      this.#r.hold(1);
      cancel?.addEventListener("abort", withdraw, { once: true });
      if (!this.#arm()) entry.settle(); // the kernel refused: the caller's next call reports why
    });
  }

  /** What the reactor saw on the descriptor: settle the waits it satisfies, re-arm for the rest. */
  fire(ev: number): void {
    const any = (ev & (EPOLLERR | EPOLLHUP)) !== 0;
    for (const e of [...this.#entries]) {
      if (any || (e.events & READABLE && ev & EPOLLIN) || (e.events & WRITABLE && ev & EPOLLOUT)) e.settle();
    }
    if (this.#entries.size > 0 && !this.#closed && !this.#arm()) for (const e of [...this.#entries]) e.settle();
  }

  #arm(): boolean {
    let mask = 0;
    for (const e of this.#entries) mask |= (e.events & READABLE ? 1 : 0) | (e.events & WRITABLE ? 4 : 0);
    return this.#r.arm(this.#fd, mask);
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#r.disarm(this.#fd);
      for (const e of [...this.#entries]) e.settle();
      this.#r.forget(this.#fd, this);
    }
    return Promise.resolve();
  }
}

/**
 * Starts the process's reactor from the shim at `path` (once; later calls
 * return the same), or null when it cannot (an older shim, no thread-safe
 * callbacks) or should not (in a Worker): the caller then waits with
 * `nonblocking` FFI calls.
 *
 * @example
 * ```ts
 * import { openReactor } from "./reactor.ts";
 * const r = openReactor("/path/to/sockfam_native.node");
 * ```
 */
export function openReactor(path: string): Reactor | null {
  if (opened !== undefined) return opened;
  opened = null;
  // Only on the main thread: the reactor thread outlives a Worker, and a report for a descriptor
  // a terminated Worker left armed would go to a callback whose isolate is gone.
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") return null;
  try {
    const deno = (globalThis as unknown as { Deno: DenoFfiCallbacks }).Deno;
    const lib = deno.dlopen(path, SYMBOLS);
    const out = new Uint32Array(2 * CAPACITY);
    let reactor: Reactor | null = null;
    const callback = deno.UnsafeCallback.threadSafe({ parameters: ["i32"], result: "void" }, (count) => reactor?.ready(count));
    callback.unref(); // held only while waits are pending
    const id = lib.symbols.sf_reactor_open!(callback.pointer, out, CAPACITY);
    if (id < 0) return null;
    reactor = new Reactor(lib.symbols, id, callback, out);
    opened = reactor;
  } catch {
    opened = null;
  }
  return opened;
}

let opened: Reactor | null | undefined;
