/**
 * setsockopt/getsockopt on any descriptor (a runtime's own TCP/UDP socket)
 * through a NativeBackend: for options the runtime has no API for. Takes the
 * runtime's backend loader, so "shim unavailable" is decided here once for
 * both runtimes.
 *
 * @example
 * ```ts
 * import { nativeSetsockoptWith } from "./_fdopt.ts";
 * declare const load: () => import("./backend.ts").NativeBackend;
 * nativeSetsockoptWith(load, 12, 0, 2, 7); // IP_TTL = 7 on fd 12
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";
import type { SockOptValue } from "../socket/types.ts";
import type { NativeBackend } from "./backend.ts";
import { decodeInt, encodeOptValue } from "./options.ts";

/** The backend, or null when it cannot load (not built, no --allow-ffi) or is not Linux. */
function usable(load: () => NativeBackend, fd: number): NativeBackend | null {
  let nb: NativeBackend;
  try { nb = load(); } catch { return null; }
  return nb.supported() && fd >= 0 ? nb : null;
}

/**
 * Sets an option; false when the backend cannot load or cannot do it (not Linux); throws SocketError when the kernel refuses.
 *
 * @example
 * ```ts
 * import { nativeSetsockoptWith } from "./_fdopt.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const load: () => NativeBackend, fd: number;
 * nativeSetsockoptWith(load, fd, 0, 2, 7); // IP_TTL = 7
 * ```
 */
export function nativeSetsockoptWith(load: () => NativeBackend, fd: number, level: number, option: number, value: SockOptValue): boolean {
  const nb = usable(load, fd);
  if (!nb) return false;
  const r = nb.setsockopt(fd, level, option, encodeOptValue(value));
  if (r < 0) throw SocketError.fromErrno(r, "setsockopt", `setsockopt(level ${level}, option ${option}) on descriptor ${fd} failed: ${SocketError.fromErrno(r, "x").code}`);
  return true;
}

/**
 * Reads an option: a number, or bytes when `buflen` is given; undefined when the backend cannot load or cannot do it.
 *
 * @example
 * ```ts
 * import { nativeGetsockoptWith } from "./_fdopt.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const load: () => NativeBackend, fd: number;
 * nativeGetsockoptWith(load, fd, 0, 2); // 7
 * ```
 */
export function nativeGetsockoptWith(load: () => NativeBackend, fd: number, level: number, option: number, buflen?: number): SockOptValue | undefined {
  const nb = usable(load, fd);
  if (!nb) return undefined;
  const val = new Uint8Array(buflen ?? 4);
  const len = new Int32Array([val.length]);
  const r = nb.getsockopt(fd, level, option, val, len);
  if (r < 0) throw SocketError.fromErrno(r, "getsockopt", `getsockopt(level ${level}, option ${option}) on descriptor ${fd} failed: ${SocketError.fromErrno(r, "x").code}`);
  return buflen === undefined ? decodeInt(val.subarray(0, len[0])) : val.slice(0, len[0]);
}
