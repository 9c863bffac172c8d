/**
 * Loads the native addon (build/Release/sockfam_native.node, built by
 * node-gyp from binding.gyp) and adapts it to the core's NativeBackend, with
 * readiness from a uv_poll_t watcher so waiting never blocks the event loop.
 *
 * @example
 * ```ts
 * import { nodeBackend } from "./native_addon.ts";
 * const nb = nodeBackend(); // throws SocketError ENOTSUP if the addon is not built
 * ```
 * @module
 */
import { createRequire } from "node:module";
import { SocketError } from "../core/errors.ts";
import { SF_ABI_VERSION } from "../core/native/abi.ts";
import type { NativeBackend, Waiter } from "../core/native/backend.ts";

interface Poller {
  start(events: number): number;
  stop(): void;
  close(): void;
}
interface Addon extends Omit<NativeBackend, "runtime" | "waiter"> {
  Poller: new (fd: number, cb: (status: number, events: number) => void) => Poller;
}

interface Pending { events: number; resolve: () => void }

let cached: NativeBackend | SocketError | undefined;

/** A Waiter over one uv_poll_t: resolves every waiter of the directions that became ready. */
class PollWaiter implements Waiter {
  #poller: Poller | null;
  #waiting: Pending[] = [];
  constructor(addon: Addon, fd: number) {
    this.#poller = new addon.Poller(fd, (status, events) => this.#fire(status, events));
  }
  #fire(status: number, events: number): void {
    const ready = status < 0 ? ~0 : events;
    const still: Pending[] = [];
    for (const w of this.#waiting) {
      if (w.events & ready) w.resolve();
      else still.push(w);
    }
    this.#waiting = still;
    this.#arm();
  }
  #arm(): void {
    if (!this.#poller) return;
    const ev = this.#waiting.reduce((a, w) => a | w.events, 0);
    if (ev) this.#poller.start(ev);
    else this.#poller.stop();
  }
  wait(events: number, cancel?: AbortSignal): Promise<void> {
    if (!this.#poller || cancel?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const entry: Pending = { events, resolve };
      this.#waiting.push(entry);
      this.#arm();
      cancel?.addEventListener("abort", () => {
        const i = this.#waiting.indexOf(entry);
        if (i < 0) return;
        this.#waiting.splice(i, 1);
        this.#arm();
        resolve();
      }, { once: true });
    });
  }
  async close(): Promise<void> {
    const p = this.#poller;
    this.#poller = null;
    p?.close();
    for (const w of this.#waiting) w.resolve();
    this.#waiting = [];
  }
}

/** True under Bun, which runs Node code (and this adapter) through its node:* compatibility. */
function underBun(): boolean {
  return typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
}

/**
 * The addon as a NativeBackend, loaded once. Throws SocketError ENOTSUP (with
 * how to build it) when the addon is missing, and under Bun, whose N-API lacks
 * the uv_poll_t the addon waits with (sockfam/bun opens the library through
 * bun:ffi instead).
 *
 * @example
 * ```ts
 * const fd = nodeBackend().socket(1, 2, 0); // AF_UNIX SOCK_DGRAM, or -errno
 * ```
 */
export function nodeBackend(): NativeBackend {
  if (cached instanceof SocketError) throw cached;
  if (cached) return cached;
  if (underBun()) {
    // Bun's N-API has no libuv: the addon's uv_poll_t watcher would panic the process on the first wait.
    cached = new SocketError("ENOTSUP", `sockfam/node's native addon cannot run under Bun (Bun's N-API has no uv_poll, which the addon waits with): import sockfam (or sockfam/bun), which opens the same library through bun:ffi`, { syscall: "socket" });
    throw cached;
  }
  const require = createRequire(import.meta.url);
  let addon: Addon;
  try {
    addon = require("../../build/Release/sockfam_native.node") as Addon;
  } catch (e) {
    cached = new SocketError("ENOTSUP", `sockfam's native addon is not built (build/Release/sockfam_native.node): run \`npm run build\` (needs a C compiler and node-gyp); ${(e as Error).message.split("\n")[0]}`, { syscall: "socket", cause: e });
    throw cached;
  }
  // An addon built from older sources lacks abiVersion (ABI 1) or reports another version.
  const version = typeof addon.abiVersion === "function" ? addon.abiVersion() : 1;
  if (version !== SF_ABI_VERSION) {
    cached = new SocketError("ENOTSUP", `sockfam's native addon (build/Release/sockfam_native.node) speaks ABI ${version}, this code ${SF_ABI_VERSION}: run \`npm run build\` to rebuild it`, { syscall: "socket" });
    throw cached;
  }
  const backend = Object.create(addon) as NativeBackend & { runtime: string };
  Object.defineProperty(backend, "runtime", { value: "node" });
  backend.waiter = (fd: number) => new PollWaiter(addon, fd);
  return (cached = backend);
}
