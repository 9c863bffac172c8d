/**
 * AF_INET/AF_INET6 sockets on the native shim: {@link NativeInetSocket} is a
 * {@link CoreSocket} (the same policy layer as every other socket: states,
 * validation, timeouts, signals, streams) whose transports are kernel
 * sockets opened through the shim, so every option reaches the kernel, UDP
 * connect() is the kernel's, `fileno()` is the descriptor, and it adds
 * batched datagrams (recvmmsg/sendmmsg) and kernel receive timestamps.
 *
 * Deno uses it for UDP whenever FFI is granted; `nativeSocket()` (both
 * runtimes) asks for it explicitly. See docs/native.md.
 *
 * @example
 * ```ts
 * import { nativeSocket, AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_TIMESTAMPNS } from "sockfam";
 * const s = nativeSocket(AF_INET, SOCK_DGRAM);
 * s.setsockopt(SOL_SOCKET, SO_TIMESTAMPNS, 1);
 * await s.bind({ host: "127.0.0.1", port: 0 });
 * const batch = await s.recvBatch(256);
 * for (let i = 0; i < batch.count; i++) console.log(batch.length(i), batch.timestampNs(i));
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { SockOptValue, WaitOptions } from "../socket/types.ts";
import { anyAddress } from "../socket/address.ts";
import { checkWaitOptions } from "../socket/policy.ts";
import { CoreSocket } from "../socket/core_socket.ts";
import { READABLE, WRITABLE, type NativeBackend } from "./backend.ts";
import { DGRAM_META_WORDS, DatagramBatch, batchFor, packMessages, type BatchMessages } from "./batch.ts";
import { nativeSetsockoptWith } from "./_fdopt.ts";
import { adoptableOption, type DatagramAdopter } from "./adopt.ts";
import { FdSlot, slotRuntime } from "./inet_runtime.ts";
import { NativeFd, timestampOf, type NativeDatagram } from "./inet_transport.ts";

const EAGAIN = 11;
/**
 * Linux's SOCK_NONBLOCK | SOCK_CLOEXEC flags, accepted and ignored in `type` as in Python.
 */
export const TYPE_FLAGS = 0o4000 | 0o2000000;

/**
 * A TCP or UDP socket on the native shim (see the module doc). Everything a
 * {@link CoreSocket} does, plus {@link recvBatch}, {@link sendBatch},
 * {@link recvfromWithTime} and a descriptor from creation on.
 *
 * @example
 * ```ts
 * import { NativeInetSocket } from "sockfam/internal";
 * import type { NativeBackend } from "sockfam/internal";
 * declare const nb: NativeBackend; // the runtime's binding of the shim
 * const s = new NativeInetSocket(nb, 2, 2); // AF_INET SOCK_DGRAM
 * s.fileno(); // the kernel descriptor, e.g. 23
 * ```
 */
export class NativeInetSocket extends CoreSocket {
  readonly #slot: FdSlot;
  #batch: DatagramBatch | null = null;

  /**
   * @param backend the runtime's binding of the C ABI
   * @param family AF_INET or AF_INET6
   * @param type SOCK_DGRAM or SOCK_STREAM
   * @param proto 0, IPPROTO_UDP or IPPROTO_TCP
   * @param runtimeName the name used in messages ("Deno 2.9.6")
   * @param adopter binds UDP sockets with the runtime's own API where it can, so receives wait on its event loop (see AdoptedDatagram)
   */
  constructor(backend: NativeBackend, family: number, type: number, proto = 0, runtimeName = backend.runtime, adopter?: DatagramAdopter) {
    const slot = new FdSlot(backend, family, type, adopter);
    super(slotRuntime(slot, `${runtimeName} (sockfam native shim)`), family, type, proto);
    this.#slot = slot;
  }

  /** The kernel descriptor (from socket() on; -1 once closed). */
  override fileno(): number {
    return this.closed ? -1 : this.#slot.current.fd;
  }

  /** Closes the socket and its descriptor. */
  override async close(): Promise<void> {
    await super.close();
    this.#slot.release();
  }

  /**
   * Before bind/connect the option goes to the kernel at once (so it applies to
   * the bind and the SYN, and a refusal is thrown here, as on Linux); the core
   * records it too and applies it again to the same descriptor once bound.
   */
  override setsockopt(level: number, option: number, value: SockOptValue): void | Promise<void> {
    const fresh = this.#slot.fresh;
    if (fresh && !this.closed) {
      nativeSetsockoptWith(() => fresh.nb, fresh.fd, level, option, value);
      if (!adoptableOption(level, option)) this.#slot.adoptable = false;
    }
    return super.setsockopt(level, option, value);
  }

  /** Receives as recvfrom(); the third element is the kernel receive time in ns (0n unless SO_TIMESTAMPNS is on). */
  async recvfromWithTime(bufsize?: number, flags?: number, options?: WaitOptions): Promise<[Uint8Array, SocketAddress, bigint]> {
    const [data, from] = await this.recvfrom(bufsize, flags, options);
    return [data, from, timestampOf(data) ?? 0n];
  }

  override async recvfrom(bufsize?: number, flags = 0, options?: WaitOptions): Promise<[Uint8Array, SocketAddress]> {
    return this.#claim(super.recvfrom(bufsize, flags, options), flags);
  }

  override async recv(bufsize?: number, flags = 0, options?: WaitOptions): Promise<Uint8Array> {
    return this.#claim(super.recv(bufsize, flags, options), flags);
  }

  /** Tracks whether the transport still holds a datagram the core took for a cancelled or peeked call. */
  async #claim<T>(p: Promise<T>, flags: number): Promise<T> {
    const t = this.#slot.dgram;
    try {
      const v = await p;
      if (t && !(flags & C.MSG_PEEK)) t.holding = false;
      return v;
    } catch (e) {
      const gaveUp = e instanceof SocketError && (e.code === "ECANCELED" || e.code === "ETIMEDOUT" || e.code === "EAGAIN");
      if (t && !gaveUp) t.holding = false;
      throw e;
    }
  }

  #dgram(syscall: string): NativeDatagram {
    if (this.closed) throw new SocketError("EBADF", `${syscall}: the socket is closed`, { syscall });
    if (this.type !== C.SOCK_DGRAM) throw new SocketError("EOPNOTSUPP", `${syscall} is for datagram sockets`, { syscall });
    const t = this.#slot.dgram;
    if (!t) throw new SocketError("EINVAL", `${syscall}: the datagram socket is not bound, so nothing can arrive: bind() (or sendto()) first`, { syscall });
    return t;
  }

  /**
   * Waits for at least one datagram, then returns up to `max` queued ones
   * (recvmmsg) in a reusable {@link DatagramBatch} (views valid until the next
   * call). `slot` bytes per datagram (default 2048; longer ones are cut, see
   * `truncated(i)`). Honours the timeout, `signal` and close() like recv().
   */
  async recvBatch(max = 1024, options?: WaitOptions & { slot?: number }): Promise<DatagramBatch> {
    checkWaitOptions(options, "recvBatch", ["slot"]);
    const t = this.#dgram("recvBatch");
    const slot = options?.slot ?? 2048;
    const b = this.#batch = batchFor(this.#batch, max, slot);
    let first = 0;
    if (t.holding) {
      // A datagram the core took for a cancelled/peeked recv comes first: order is kept, nothing is lost.
      const [d, from] = await this.recvfrom(slot, 0, options && { signal: options.signal });
      b.count = 1;
      b.data.set(d.subarray(0, slot), 0);
      b.meta[0] = d.length; // already cut to `slot` by recvfrom
      const ns = timestampOf(d) ?? 0n;
      b.meta[2] = Number(ns / 1_000_000_000n);
      b.meta[3] = Number(ns % 1_000_000_000n);
      const sa = t.s.sockaddr(from, "recvBatch");
      b.addrs.set(sa.subarray(0, b.addrSlot), 0);
      b.meta[1] = sa.length;
      first = 1;
      if (max === 1) return b;
    }
    const s = t.s;
    const read = () => s.nb.recvmmsg(s.fd, b.data.subarray(first * slot), slot, max - first, b.meta.subarray(first * DGRAM_META_WORDS), b.addrs.subarray(first * b.addrSlot), b.addrSlot, 0);
    let r = read();
    if (r === -EAGAIN && first) r = 0;
    else if (r === -EAGAIN) r = await this.#waitThen(s, READABLE, "recvBatch", read, options);
    if (r < 0) s.fail(r, "recvBatch");
    b.count = first + r;
    return b;
  }

  /** Retries `op` after readiness waits, with the socket's timeout and the caller's signal. */
  async #waitThen(s: NativeFd, events: number, syscall: string, op: () => number, options?: WaitOptions): Promise<number> {
    const timeout = this.gettimeout();
    if (timeout === 0) throw new SocketError("EAGAIN", `${syscall}: would block (the socket's timeout is 0)`, { syscall });
    const ctl = new AbortController();
    const outer = options?.signal;
    const onAbort = () => ctl.abort(outer!.reason);
    outer?.addEventListener("abort", onAbort, { once: true });
    if (outer?.aborted) ctl.abort(outer.reason);
    let timedOut = false;
    const timer = timeout === null ? undefined : setTimeout(() => { timedOut = true; ctl.abort(); }, timeout * 1000);
    try {
      return await s.retry(events, syscall, op, ctl.signal);
    } catch (e) {
      if (timedOut) throw new SocketError("ETIMEDOUT", `${syscall} timed out after ${timeout}s`, { syscall });
      if (e instanceof SocketError && e.code === "ECANCELED" && outer?.reason instanceof Error && outer.reason.name !== "AbortError") throw outer.reason;
      throw e;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Sends messages with sendmmsg — to `address`, or to the connected peer —
   * and resolves to the number sent (all of them, waiting for buffer space as needed).
   */
  async sendBatch(messages: BatchMessages, address?: SocketAddress, options?: WaitOptions): Promise<number> {
    checkWaitOptions(options, "sendBatch");
    // As sendto(): an unbound socket is bound to the wildcard address first.
    if (this.type === C.SOCK_DGRAM && !this.#slot.dgram && !this.closed) await this.bind(anyAddress(this.family));
    const t = this.#dgram("sendBatch");
    const { data, lengths, count } = packMessages(messages);
    const s = t.s;
    const sa = address ? s.sockaddr(address, "sendBatch") : null;
    let sent = 0, off = 0;
    while (sent < count) {
      const op = () => s.nb.sendmmsg(s.fd, data.subarray(off), lengths.subarray(sent), count - sent, sa);
      let r = op();
      if (r === -EAGAIN) r = await this.#waitThen(s, WRITABLE, "sendBatch", op, options);
      if (r < 0) s.fail(r, "sendBatch", address);
      for (let i = 0; i < r; i++) off += lengths[sent + i]!;
      sent += r;
    }
    return sent;
  }
}

/**
 * True for what {@link NativeInetSocket} serves: AF_INET/AF_INET6 with
 * SOCK_DGRAM (protocol 0 or UDP) or SOCK_STREAM (0 or TCP).
 *
 * @example
 * ```ts
 * import { isNativeInet, AF_INET, SOCK_DGRAM } from "sockfam/internal";
 * isNativeInet(AF_INET, SOCK_DGRAM, 0); // true
 * ```
 */
export function isNativeInet(family: number, type: number, proto = 0): boolean {
  if (family !== C.AF_INET && family !== C.AF_INET6) return false;
  type &= ~TYPE_FLAGS;
  if (type === C.SOCK_DGRAM) return proto === 0 || proto === C.IPPROTO_UDP;
  if (type === C.SOCK_STREAM) return proto === 0 || proto === C.IPPROTO_TCP;
  return false;
}

/**
 * Builds an adapter's `nativeSocket(family, type, proto?)`: TCP/UDP sockets on
 * the shim in any runtime (other kinds: the adapter's `socket()`).
 *
 * @example
 * ```ts
 * import { makeNativeSocketFactory } from "sockfam/internal";
 * import type { NativeBackend } from "sockfam/internal";
 * declare const load: () => NativeBackend;
 * const nativeSocket = makeNativeSocketFactory(load);
 * const u = nativeSocket(2, 2); // AF_INET SOCK_DGRAM on the shim
 * ```
 */
export function makeNativeSocketFactory(load: () => NativeBackend, runtimeName?: string): (family: number, type: number, proto?: number) => NativeInetSocket {
  return (family, type, proto = 0) => {
    if (!isNativeInet(family, type, proto)) {
      throw new SocketError("EAFNOSUPPORT", `nativeSocket: takes AF_INET/AF_INET6 with SOCK_DGRAM or SOCK_STREAM (protocol 0, UDP or TCP); use socket() for family ${family}, type ${type}, protocol ${proto}`, { syscall: "socket" });
    }
    const nb = load();
    if (!nb.supported()) throw new SocketError("ENOTSUP", "nativeSocket: sockfam's native sockets need Linux", { syscall: "socket" });
    return new NativeInetSocket(nb, family, type & ~TYPE_FLAGS, proto, runtimeName);
  };
}
