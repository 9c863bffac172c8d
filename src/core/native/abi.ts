/**
 * The native shim's C ABI (native/sockfam.h) described once, for the runtimes
 * that open the shared object through a foreign-function interface (Deno's
 * `Deno.dlopen`, Bun's `bun:ffi`): the symbol table, and the mapping from
 * those symbols to the core's {@link NativeBackend}. Every function takes
 * 32-bit integers and byte buffers and returns a value >= 0 or -errno.
 *
 * @example
 * ```ts
 * import { SF_SYMBOLS } from "./abi.ts";
 * Object.keys(SF_SYMBOLS).includes("sf_socket"); // true
 * ```
 * @module
 */
import type { NativeBackend, Waiter } from "./backend.ts";

/** A parameter or result type of the C ABI: a 32-bit integer or a pointer to bytes. */
export type AbiType = "i32" | "buffer";

/** One exported C function. `blocking`: the call may block (it must run off the event loop). */
export interface AbiSymbol { parameters: AbiType[]; result: "i32"; blocking?: boolean }

const I = "i32" as const, B = "buffer" as const;

/** Every sf_* function of native/sockfam.h, with its parameter types. */
export const SF_SYMBOLS: Record<string, AbiSymbol> = {
  sf_supported: { parameters: [], result: I },
  sf_abi_version: { parameters: [], result: I },
  sf_socket: { parameters: [I, I, I], result: I },
  sf_close: { parameters: [I], result: I },
  sf_bind: { parameters: [I, B, I], result: I },
  sf_connect: { parameters: [I, B, I], result: I },
  sf_listen: { parameters: [I, I], result: I },
  sf_accept: { parameters: [I, B, B], result: I },
  sf_shutdown: { parameters: [I, I], result: I },
  sf_dup2: { parameters: [I, I], result: I },
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
  sf_recvmmsg: { parameters: [I, B, I, I, B, B, I, I], result: I },
  sf_recvmsg: { parameters: [I, B, I, I, B, B, B], result: I },
  sf_ring_open: { parameters: [I, I, I, I, I], result: I },
  sf_ring_read: { parameters: [I, B, I, B, I], result: I },
  sf_ring_close: { parameters: [I], result: I },
  sf_wait: { parameters: [I, I, I, I], result: I, blocking: true },
  sf_wait_on: { parameters: [I, I, I, I, I], result: I, blocking: true },
  sf_cpu: { parameters: [], result: I },
  sf_waker_open: { parameters: [], result: I },
  sf_waker_wake: { parameters: [I], result: I },
};

/** The ABI version this code speaks; the shared object's `sf_abi_version()` must equal it. */
export const SF_ABI_VERSION = 4;

/** The loaded functions, called with numbers and typed arrays (null for an absent pointer). */
export type AbiCalls = Record<string, (...args: unknown[]) => number>;

/**
 * Builds the core's NativeBackend over FFI-loaded symbols; `waiter` supplies the
 * runtime's own readiness wait (it must not block the event loop).
 *
 * @example
 * ```ts
 * import { backendFromSymbols, type AbiCalls } from "./abi.ts";
 * import type { Waiter } from "./backend.ts";
 * declare const calls: AbiCalls; declare const makeWaiter: (fd: number) => Waiter;
 * const nb = backendFromSymbols("deno", calls, makeWaiter);
 * ```
 */
export function backendFromSymbols(runtime: string, s: AbiCalls, waiter: (fd: number) => Waiter): NativeBackend {
  return {
    runtime,
    supported: () => s.sf_supported!(),
    abiVersion: () => s.sf_abi_version!(),
    socket: (f, t, p) => s.sf_socket!(f, t, p),
    close: (fd) => s.sf_close!(fd),
    bind: (fd, sa) => s.sf_bind!(fd, sa, sa.length),
    connect: (fd, sa) => s.sf_connect!(fd, sa, sa.length),
    listen: (fd, b) => s.sf_listen!(fd, b),
    accept: (fd, sa, len) => s.sf_accept!(fd, sa, len),
    shutdown: (fd, how) => s.sf_shutdown!(fd, how),
    dup2: (fd, to) => s.sf_dup2!(fd, to),
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
    recvmmsg: (fd, buf, slot, count, meta, addrs, addrslot, flags) => s.sf_recvmmsg!(fd, buf, slot, count, meta, addrs, addrslot, flags),
    recvmsg: (fd, buf, flags, sa, len, ts) => s.sf_recvmsg!(fd, buf, buf.length, flags, sa, len, ts),
    ringOpen: (fd, bs, bn, fs, ms) => s.sf_ring_open!(fd, bs, bn, fs, ms),
    ringRead: (r, out, meta) => s.sf_ring_read!(r, out, out.length, meta, meta.length >>> 3),
    ringClose: (r) => s.sf_ring_close!(r),
    waiter,
  };
}
