/**
 * Single non-blocking syscalls on a node:net/node:dgram socket's descriptor
 * through the native shim: recv() for {@link NodeStream.readInto}'s copy-free
 * path, sendto() for UDP sends that complete at once (node:dgram answers a
 * send through a callback a tick later; the kernel answers at once, errors included).
 *
 * @example
 * ```ts
 * import { nativeRecv } from "./_direct_io.ts";
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
  const nb = backend();
  if (!nb) return undefined;
  NO_ADDR_LEN[0] = 0;
  return nb.recvfrom(fd, buffer, MSG_DONTWAIT, NO_ADDR, NO_ADDR_LEN);
}

/**
 * sendto(fd, data, MSG_DONTWAIT, sa): the byte count, -errno (-EAGAIN when the
 * buffer is full), or undefined when the shim is unavailable.
 *
 * @example
 * ```ts
 * import { nativeSend } from "./_direct_io.ts";
 * declare const fd: number; // a connected UDP socket's descriptor
 * const n = nativeSend(fd, new Uint8Array(64), null); // 64, -errno, or undefined without the shim
 * ```
 */
export function nativeSend(fd: number, data: Uint8Array, sa: Uint8Array | null): number | undefined {
  return backend()?.sendto(fd, data, MSG_DONTWAIT, sa);
}

/** The shim, loaded once; null when it is unavailable (not built, under Bun, or off Linux). */
function backend(): NativeBackend | null {
  if (loaded === undefined) {
    try { loaded = nodeBackend(); } catch { loaded = null; }
    if (loaded && !loaded.supported()) loaded = null; // off Linux the shim's calls are stubs
  }
  return loaded;
}
