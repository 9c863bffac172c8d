/**
 * One non-blocking recv() on a node:net socket's descriptor through the
 * native shim, for {@link NodeStream.readInto}'s copy-free path.
 *
 * @example
 * ```ts
 * import { nativeRecv } from "./_direct_read.ts";
 * declare const fd: number; // a connected TCP socket's descriptor
 * const n = nativeRecv(fd, new Uint8Array(65536)); // bytes, 0 at the end, -errno, or undefined without the shim
 * ```
 * @module
 */
import { MSG_DONTWAIT } from "../core/constants.ts";
import type { NativeBackend } from "../core/native/backend.ts";
import { nodeBackend } from "./native_addon.ts";

/** Shared, unused address buffer for stream receives. */
const NO_ADDR = new Uint8Array(128), NO_ADDR_LEN = new Int32Array(1);

let loaded: NativeBackend | null | undefined;

/**
 * recv(fd, buffer, MSG_DONTWAIT): the byte count, 0 at the end of the stream,
 * -errno (-EAGAIN when nothing is ready), or undefined when the shim is
 * unavailable (not built, under Bun, or off Linux).
 */
export function nativeRecv(fd: number, buffer: Uint8Array): number | undefined {
  if (loaded === undefined) {
    try { loaded = nodeBackend(); } catch { loaded = null; }
    if (loaded && !loaded.supported()) loaded = null; // off Linux the shim's calls are stubs
  }
  if (!loaded) return undefined;
  NO_ADDR_LEN[0] = 0;
  return loaded.recvfrom(fd, buffer, MSG_DONTWAIT, NO_ADDR, NO_ADDR_LEN);
}
