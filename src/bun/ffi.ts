/// <reference path="./bun.d.ts" />
/**
 * Opens sockfam's native shared object (the same build/Release/sockfam_native.node
 * Node loads and Deno opens) with bun:ffi's dlopen, building the symbol table
 * from the core's ABI description, and adapts it to the core's NativeBackend.
 * Readiness: the blocking sf_wait runs in a pooled Worker thread (see
 * wait_pool.ts), woken through an eventfd when the wait is withdrawn or the
 * socket closes, so the event loop never blocks. Bun needs no flag for FFI.
 *
 * @example
 * ```ts
 * import { bunBackend } from "./ffi.ts";
 * const nb = bunBackend(); // throws SocketError ENOTSUP outside Bun or when the shim is not built
 * ```
 * @module
 */
import { createRequire } from "node:module";
import { SocketError } from "../core/errors.ts";
import type { NativeBackend, Waiter } from "../core/native/backend.ts";
import { SF_ABI_VERSION, SF_SYMBOLS, backendFromSymbols, type AbiCalls } from "../core/native/abi.ts";
import { waitInWorker } from "./wait_pool.ts";

/**
 * The ABI table in bun:ffi's form: byte buffers are pointers (Bun passes a
 * typed array's memory, null for NULL). Blocking calls are left out: they
 * run off the main thread (sf_wait in wait_pool.ts's workers).
 */
const SYMBOLS: Record<string, BunApi.FFISymbol> = Object.fromEntries(Object.entries(SF_SYMBOLS)
  .filter(([, s]) => !s.blocking)
  .map(([name, { parameters }]) => [name, { args: parameters.map((t) => (t === "buffer" ? "ptr" : "i32")), returns: "i32" }]));

const POLLIN = 1, POLLOUT = 4;
let cached: NativeBackend | SocketError | undefined;

/** Where the shared object is, next to the package root. */
function libraryPath(): string {
  return decodeURIComponent(new URL("../../build/Release/sockfam_native.node", import.meta.url).pathname);
}

/** bun:ffi, or a SocketError saying to run under Bun. */
function bunFfi(): BunApi.Ffi {
  try {
    return createRequire(import.meta.url)("bun:ffi") as BunApi.Ffi;
  } catch (e) {
    throw new SocketError("ENOTSUP", "sockfam/bun's native sockets need the Bun runtime (bun:ffi); under Node or Deno import sockfam (or sockfam/node, sockfam/deno)", { syscall: "dlopen", cause: e });
  }
}

/**
 * Loads the shared object once (throws SocketError ENOTSUP with what to do
 * when it is missing, outdated or not under Bun).
 *
 * @example
 * ```ts
 * const fd = bunBackend().socket(1, 2, 0); // AF_UNIX SOCK_DGRAM, or -errno
 * ```
 */
export function bunBackend(): NativeBackend {
  if (cached instanceof SocketError) throw cached;
  if (cached) return cached;
  const ffi = bunFfi();
  const path = libraryPath();
  let lib: BunApi.Library;
  try {
    lib = ffi.dlopen(path, SYMBOLS);
  } catch (e) {
    cached = new SocketError("ENOTSUP", `sockfam's native library could not be opened (${path}): run \`npm run build\` to build it; ${(e as Error).message.split("\n")[0]}`, { syscall: "dlopen", cause: e });
    throw cached;
  }
  const version = lib.symbols.sf_abi_version!();
  if (version !== SF_ABI_VERSION) {
    lib.close();
    cached = new SocketError("ENOTSUP", `sockfam's native library (${path}) speaks ABI ${version}, this code ${SF_ABI_VERSION}: run \`npm run build\` to rebuild it`, { syscall: "dlopen" });
    throw cached;
  }
  const nb = backendFromSymbols("bun", lib.symbols as AbiCalls, (fd) => new WorkerWaiter(lib.symbols, path, fd));
  return (cached = nb);
}

/** One eventfd waker per wait: written when the wait is withdrawn or the waiter closes, so the worker returns at once. */
class WorkerWaiter implements Waiter {
  #closed = false;
  readonly #pending = new Map<Promise<void>, number>();
  constructor(readonly sym: BunApi.Library["symbols"], readonly path: string, readonly fd: number) {}

  wait(events: number, cancel?: AbortSignal): Promise<void> {
    if (this.#closed || cancel?.aborted) return Promise.resolve();
    const sym = this.sym;
    // Without a waker (no descriptors left) the wait still ends on readiness; it just cannot be withdrawn early.
    const waker = sym.sf_waker_open!();
    const wake = () => { if (waker >= 0) sym.sf_waker_wake!(waker); };
    cancel?.addEventListener("abort", wake, { once: true });
    const pev = (events & 1 ? POLLIN : 0) | (events & 2 ? POLLOUT : 0);
    // Ready, woken or failed: the caller re-checks the descriptor either way.
    const p = waitInWorker(this.path, this.fd, pev, waker).then(() => {
      cancel?.removeEventListener("abort", wake);
      if (waker >= 0) sym.sf_close!(waker);
      this.#pending.delete(p);
    });
    this.#pending.set(p, waker);
    return p;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waker of this.#pending.values()) if (waker >= 0) this.sym.sf_waker_wake!(waker);
    await Promise.allSettled([...this.#pending.keys()]);
  }
}
