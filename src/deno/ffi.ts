/**
 * Opens sockfam's native shared object (the same build/Release/sockfam_native.node
 * Node loads) with Deno.dlopen and adapts the plain C ABI to the core's
 * NativeBackend. Readiness: sockfam's reactor thread (reactor.ts); where it
 * cannot start, a `nonblocking: true` call of sf_wait_on (poll(2) on a worker
 * thread, moved for the wait onto the CPU this thread runs on), woken by an
 * eventfd on close. Either way the event loop never blocks. Without --allow-ffi: SocketError EPERM saying to pass it.
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
import { SF_ABI_VERSION, SF_SYMBOLS, backendFromSymbols, type AbiCalls, type AbiType } from "../core/native/abi.ts";
import { openReactor } from "./reactor.ts";

// The slice of Deno's FFI API used here (the adapter compiles without Deno's types).
interface FfiSymbol { parameters: AbiType[]; result: "i32"; nonblocking?: boolean }
interface DenoFfi {
  dlopen(path: string, symbols: Record<string, FfiSymbol>): { symbols: Record<string, (...args: unknown[]) => number | Promise<number>>; close(): void };
}

/** The ABI table in Deno's dlopen form: blocking calls run on a worker thread (`nonblocking: true`). */
const SYMBOLS: Record<string, FfiSymbol> = Object.fromEntries(Object.entries(SF_SYMBOLS).map(([name, { parameters, result, blocking }]) =>
  [name, blocking ? { parameters, result, nonblocking: true } : { parameters, result }]));

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
  const version = (lib.symbols.sf_abi_version as () => number)();
  if (version !== SF_ABI_VERSION) {
    lib.close();
    cached = new SocketError("ENOTSUP", `sockfam's native library (${path}) speaks ABI ${version}, this code ${SF_ABI_VERSION}: run \`npm run build\` to rebuild it`, { syscall: "dlopen" });
    throw cached;
  }
  // Readiness from sockfam's reactor thread; a nonblocking FFI poll() per wait where it cannot start.
  const reactor = openReactor(path);
  const nb = backendFromSymbols("deno", lib.symbols as AbiCalls, (fd) => reactor?.waiter(fd) ?? new FfiWaiter(lib.symbols as Record<string, (...a: unknown[]) => number | Promise<number>>, fd));
  return (cached = nb);
}

/** Waits with sf_wait_on on a worker thread; close() wakes every pending wait through an eventfd. */
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
        // On this thread's CPU: Deno runs the wait on a worker thread, and a wake-up that crosses
        // to an idle CPU costs more than the whole round trip (docs/native.md).
        const cpu = this.sym.sf_cpu!() as number;
        const r = await (this.sym.sf_wait_on!(this.fd, pev, this.#waker, POLL_SLICE_MS, cpu) as Promise<number>);
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
