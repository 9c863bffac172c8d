/**
 * The surface a runtime gives the native socket: the sf_* C functions of
 * native/sockfam.h one to one (numbers in, a value >= 0 or -errno out, typed
 * arrays passed by pointer), plus readiness waiting that never blocks the
 * event loop. Node implements it with the addon and uv_poll_t; Deno with
 * Deno.dlopen and a nonblocking poll() call.
 *
 * @example
 * ```ts
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const fd = nb.socket(17, 3, 3); // AF_PACKET, SOCK_RAW, ETH_P_ALL (host order)
 * if (fd < 0) throw new Error(`errno ${-fd}`);
 * ```
 * @module
 */

/**
 * Readiness events for {@link Waiter.wait}.
 */
export const READABLE = 1;
/**
 * Writability.
 */
export const WRITABLE = 2;

/**
 * Waits for readiness of one descriptor. One outstanding wait per direction.
 *
 * @example
 * ```ts
 * import { READABLE, type Waiter } from "./backend.ts";
 * declare const w: Waiter;
 * await w.wait(READABLE); // resolves when the fd is readable, or when close() is called
 * ```
 */
export interface Waiter {
  /**
   * Resolves once the descriptor has one of `events`, or once close() is
   * called (the caller re-checks). `cancel` withdraws the wait (it then
   * resolves too), so a timed-out wait does not keep the event loop alive.
   */
  wait(events: number, cancel?: AbortSignal): Promise<void>;
  /** Settles every pending wait and releases resources; call before closing the descriptor. */
  close(): Promise<void>;
}

/**
 * One runtime's binding of the native C ABI.
 *
 * @example
 * ```ts
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const ifindex = nb.ifNameToIndex(new TextEncoder().encode("lo\0")); // 1
 * ```
 */
export interface NativeBackend {
  /** "node" or "deno", for messages. */
  readonly runtime: string;
  /** 1 on Linux, 0 elsewhere (every call returns -ENOTSUP). */
  supported(): number;
  /** The shared object's ABI version (SF_ABI_VERSION in abi.ts must equal it). */
  abiVersion(): number;
  socket(family: number, type: number, proto: number): number;
  close(fd: number): number;
  bind(fd: number, sa: Uint8Array): number;
  connect(fd: number, sa: Uint8Array): number;
  listen(fd: number, backlog: number): number;
  /** `salen[0]` holds the capacity of `sa` on entry and the address length on return. */
  accept(fd: number, sa: Uint8Array, salen: Int32Array): number;
  shutdown(fd: number, how: number): number;
  /** dup3(fd, to, O_CLOEXEC): `to` becomes another descriptor of fd's socket. */
  dup2(fd: number, to: number): number;
  sendto(fd: number, buf: Uint8Array, flags: number, sa: Uint8Array | null): number;
  recvfrom(fd: number, buf: Uint8Array, flags: number, sa: Uint8Array, salen: Int32Array): number;
  setsockopt(fd: number, level: number, opt: number, val: Uint8Array): number;
  getsockopt(fd: number, level: number, opt: number, val: Uint8Array, len: Int32Array): number;
  getsockname(fd: number, sa: Uint8Array, salen: Int32Array): number;
  getpeername(fd: number, sa: Uint8Array, salen: Int32Array): number;
  /** SO_ATTACH_FILTER: classic BPF instructions, 8 bytes each. */
  attachFilter(fd: number, insns: Uint8Array): number;
  /** `name` is NUL-terminated UTF-8. */
  ifNameToIndex(name: Uint8Array): number;
  /** Writes the name into `out` (16 bytes); returns its length. */
  ifIndexToName(index: number, out: Uint8Array): number;
  /** `count` frames laid end to end in `buf`, lengths in `lens`; returns how many were sent. */
  sendmmsg(fd: number, buf: Uint8Array, lens: Uint32Array, count: number, sa: Uint8Array | null): number;
  /**
   * recvmmsg without waiting: datagram i at `buf[i * slot]`, its sender at
   * `addrs[i * addrslot]` (addrs may be null), 4 words at `meta[i * 4]`
   * (full length, address length, seconds, nanoseconds); returns the count or -errno.
   */
  recvmmsg(fd: number, buf: Uint8Array, slot: number, count: number, meta: Uint32Array, addrs: Uint8Array | null, addrslot: number, flags: number): number;
  /** recvmsg: as recvfrom, with the kernel receive time in `ts` (seconds, nanoseconds; 0, 0 without SO_TIMESTAMPNS). */
  recvmsg(fd: number, buf: Uint8Array, flags: number, sa: Uint8Array, salen: Int32Array, ts: Uint32Array): number;
  ringOpen(fd: number, blockSize: number, blockNr: number, frameSize: number, retireMs: number): number;
  /** Frames into `out`, 8 words of metadata per frame into `meta`; returns the frame count. */
  ringRead(ring: number, out: Uint8Array, meta: Uint32Array): number;
  ringClose(ring: number): number;
  /** A readiness waiter for `fd` (non-blocking: the event loop keeps running). */
  waiter(fd: number): Waiter;
}
