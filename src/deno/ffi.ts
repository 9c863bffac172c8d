/**
 * Opens sockfam's native shared object (the same build/Release/sockfam_native.node
 * Node loads) with Deno.dlopen and adapts the plain C ABI to the core's
 * NativeBackend. Readiness: a `nonblocking: true` call of sf_wait (poll(2) on
 * a worker thread), woken by an eventfd on close, so the event loop never
 * blocks. Without --allow-ffi: SocketError EPERM saying to pass it.
 *
 * @example
 * ```ts
 * import { denoBackend } from "./ffi.ts";
 * const nb = denoBackend(); // needs --allow-ffi
 * ```
 * @module
 */
import { SocketError } from "../core/errors.ts";
import type { NativeBackend, Waiter } from "../core/native/backend.ts";

// The slice of Deno's FFI API used here (the adapter compiles without Deno's types).
type FfiType = "i32" | "buffer";
interface FfiSymbol { parameters: FfiType[]; result: "i32"; nonblocking?: boolean }
interface DenoFfi {
  dlopen(path: string, symbols: Record<string, FfiSymbol>): { symbols: Record<string, (...args: unknown[]) => number | Promise<number>>; close(): void };
}

const I = "i32" as const, B = "buffer" as const;
const SYMBOLS: Record<string, FfiSymbol> = {
  sf_supported: { parameters: [], result: I },
  sf_socket: { parameters: [I, I, I], result: I },
  sf_close: { parameters: [I], result: I },
  sf_bind: { parameters: [I, B, I], result: I },
  sf_connect: { parameters: [I, B, I], result: I },
  sf_listen: { parameters: [I, I], result: I },
  sf_accept: { parameters: [I, B, B], result: I },
  sf_shutdown: { parameters: [I, I], result: I },
  sf_sendto: { parameters: [I, B, I, I, B, I], result: I },
  sf_recvfrom: { parameters: [I, B, I, I, B, B], result: I },
  sf_setsockopt: { parameters: [I, I, I, B, I], result: I },
  sf_getsockopt: { parameters: [I, I, I, B, B], result: I },
  sf_getsockname: { parameters: [I, B, B], result: I },
  sf_getpeername: { parameters: [I, B, B], result: I },
  sf_attach_filter: { parameters: [I, B, I], result: I },
  sf_if_nametoindex: { parameters: [B], result: I },
  sf_if_indextoname: { parameters: [I, B], result: I },
  sf_sendmmsg: { parameters: [I, B, B, I, B, I], result: I },
  sf_ring_open: { parameters: [I, I, I, I, I], result: I },
  sf_ring_read: { parameters: [I, B, I, B, I], result: I },
  sf_ring_close: { parameters: [I], result: I },
  sf_wait: { parameters: [I, I, I, I], result: I, nonblocking: true },
  sf_waker_open: { parameters: [], result: I },
  sf_waker_wake: { parameters: [I], result: I },
};

// A withdrawn wait's worker thread returns within one slice.
const SF_WOKEN = 0x10000, POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLL_SLICE_MS = 250;
let cached: NativeBackend | SocketError | undefined;

/** Where the shared object is, next to the package root. */
function libraryPath(): string {
  return decodeURIComponent(new URL("../../build/Release/sockfam_native.node", import.meta.url).pathname);
}

/** Loads the shared object once (throws SocketError EPERM / ENOTSUP with what to do). *
 * @example
 * ```ts
 * const fd = denoBackend().socket(1, 2, 0); // AF_UNIX SOCK_DGRAM, or -errno
 * ```
 */
export function denoBackend(): NativeBackend {
  if (cached instanceof SocketError) throw cached;
  if (cached) return cached;
  const deno = (globalThis as unknown as { Deno: DenoFfi }).Deno;
  const path = libraryPath();
  let lib: ReturnType<DenoFfi["dlopen"]>;
  try {
    lib = deno.dlopen(path, SYMBOLS);
  } catch (e) {
    const name = (e as Error).name;
    if (name === "NotCapable" || name === "PermissionDenied") {
      throw new SocketError("EPERM", `sockfam's native sockets load a shared library with Deno.dlopen: pass --allow-ffi (deno run --allow-ffi ...)`, { syscall: "dlopen", cause: e });
    }
    cached = new SocketError("ENOTSUP", `sockfam's native library could not be opened (${path}): run \`npm run build\` to build it; ${(e as Error).message.split("\n")[0]}`, { syscall: "dlopen", cause: e });
    throw cached;
  }
  const s = lib.symbols as Record<string, (...a: unknown[]) => number>;
  const nb: NativeBackend = {
    runtime: "deno",
    supported: () => s.sf_supported!(),
    socket: (f, t, p) => s.sf_socket!(f, t, p),
    close: (fd) => s.sf_close!(fd),
    bind: (fd, sa) => s.sf_bind!(fd, sa, sa.length),
    connect: (fd, sa) => s.sf_connect!(fd, sa, sa.length),
    listen: (fd, b) => s.sf_listen!(fd, b),
    accept: (fd, sa, len) => s.sf_accept!(fd, sa, len),
    shutdown: (fd, how) => s.sf_shutdown!(fd, how),
    sendto: (fd, buf, flags, sa) => s.sf_sendto!(fd, buf, buf.length, flags, sa, sa ? sa.length : 0),
    recvfrom: (fd, buf, flags, sa, len) => s.sf_recvfrom!(fd, buf, buf.length, flags, sa, len),
    setsockopt: (fd, l, o, v) => s.sf_setsockopt!(fd, l, o, v, v.length),
    getsockopt: (fd, l, o, v, len) => s.sf_getsockopt!(fd, l, o, v, len),
    getsockname: (fd, sa, len) => s.sf_getsockname!(fd, sa, len),
    getpeername: (fd, sa, len) => s.sf_getpeername!(fd, sa, len),
    attachFilter: (fd, insns) => s.sf_attach_filter!(fd, insns, insns.length / 8),
    ifNameToIndex: (name) => s.sf_if_nametoindex!(name),
    ifIndexToName: (i, out) => s.sf_if_indextoname!(i, out),
    sendmmsg: (fd, buf, lens, count, sa) => s.sf_sendmmsg!(fd, buf, lens, count, sa, sa ? sa.length : 0),
    ringOpen: (fd, bs, bn, fs, ms) => s.sf_ring_open!(fd, bs, bn, fs, ms),
    ringRead: (r, out, meta) => s.sf_ring_read!(r, out, out.length, meta, meta.length >>> 3),
    ringClose: (r) => s.sf_ring_close!(r),
    waiter: (fd) => new FfiWaiter(lib.symbols as Record<string, (...a: unknown[]) => number | Promise<number>>, fd),
  };
  return (cached = nb);
}

/** Waits with sf_wait on a worker thread; close() wakes every pending wait through an eventfd. */
class FfiWaiter implements Waiter {
  #waker = -1;
  #closed = false;
  #pending = new Set<Promise<void>>();
  constructor(readonly sym: Record<string, (...a: unknown[]) => number | Promise<number>>, readonly fd: number) {}

  wait(events: number, cancel?: AbortSignal): Promise<void> {
    if (this.#closed || cancel?.aborted) return Promise.resolve();
    if (this.#waker < 0) this.#waker = this.sym.sf_waker_open!() as number;
    const pev = (events & 1 ? POLLIN : 0) | (events & 2 ? POLLOUT : 0);
    const p = (async () => {
      while (!this.#closed && !cancel?.aborted) {
        const r = await (this.sym.sf_wait!(this.fd, pev, this.#waker, POLL_SLICE_MS) as Promise<number>);
        if (r === SF_WOKEN || r < 0 || r & (pev | POLLERR | POLLHUP)) return;
      }
    })();
    this.#pending.add(p);
    p.finally(() => this.#pending.delete(p));
    return p;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#waker < 0) return;
    this.sym.sf_waker_wake!(this.#waker);
    await Promise.allSettled([...this.#pending]);
    this.sym.sf_close!(this.#waker);
    this.#waker = -1;
  }
}
