/**
 * TCP and UDP transports over the native shim: the kernel is the state
 * machine, {@link CoreSocket} keeps the policy (validation, timeouts, signals,
 * streams). Each call tries the non-blocking syscall first and waits for
 * readiness only on EAGAIN, so the event loop never blocks. Datagrams are
 * received with recvmsg, keeping the kernel receive time (SO_TIMESTAMPNS) of
 * each one for {@link timestampOf}.
 *
 * @example
 * ```ts
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const fd = new NativeFd(nb, 2, 2); // AF_INET SOCK_DGRAM, created now
 * ```
 * @module
 */
import type { InetAddress, SocketAddress } from "../address/types.ts";
import { AF_INET6, SOL_SOCKET, SO_ERROR, SO_TIMESTAMP, SO_TIMESTAMPNS } from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { Datagram, DatagramTransport, ListenerTransport, StreamTransport } from "../socket/transport.ts";
import { READABLE, WRITABLE, type NativeBackend, type Waiter } from "./backend.ts";
import { decodeInt } from "./options.ts";
import { SOCKADDR_MAX, decodeSockaddr, encodeSockaddr } from "./sockaddr.ts";
import { failingWith, mapped } from "../socket/_settle.ts";
import { optBool } from "../socket/_options.ts";
import { closeAfter } from "../socket/policy.ts";
import type { SockOptValue } from "../socket/types.ts";
import type { AdoptedDatagram } from "./adopt.ts";

const EAGAIN = 11, EINTR = 4, EINPROGRESS = 115;
const noName = (): string => "";
/** Kernel receive time of each datagram a native transport returned, keyed by its buffer. */
const stamps = new WeakMap<ArrayBufferLike, bigint>();

/**
 * The kernel receive time of a datagram returned by a native socket's
 * recv/recvfrom, in nanoseconds since the epoch; 0n when SO_TIMESTAMPNS (or
 * SO_TIMESTAMP) was off; undefined for bytes a native socket did not return.
 *
 * @example
 * ```ts
 * import { timestampOf } from "./inet_transport.ts";
 * declare const data: Uint8Array; // from recvfrom() on a native UDP socket
 * const ns = timestampOf(data); // 1764600000123456789n
 * ```
 */
export function timestampOf(data: Uint8Array): bigint | undefined {
  return stamps.get(data.buffer);
}

/**
 * Numeric host for the kernel: "localhost" is the loopback address (native sockets do no DNS).
 *
 * @example
 * ```ts
 * import { numericAddress } from "./inet_transport.ts";
 * numericAddress(2, { host: "localhost", port: 80 }); // { host: "127.0.0.1", port: 80 }
 * ```
 */
export function numericAddress(family: number, address: SocketAddress): SocketAddress {
  const a = address as InetAddress;
  if (a.host === "localhost") return { ...a, host: family === AF_INET6 ? "::1" : "127.0.0.1" };
  return address;
}

/**
 * One descriptor and its readiness waiter: the shared part of the native
 * transports (non-blocking calls retried after a wait, close that settles
 * pending waits before the descriptor is released).
 *
 * @example
 * ```ts
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const s = new NativeFd(nb, 10, 1); // AF_INET6 SOCK_STREAM
 * s.close();
 * ```
 */
export class NativeFd {
  readonly fd: number;
  #waiter: Waiter | null = null;
  #closed = false;
  #waits = 0;

  readonly #release: () => void;

  /**
   * Opens a socket (or adopts `fd`, which `release` closes: by default the
   * shim's close(2); a runtime-owned descriptor is closed by its runtime);
   * throws SocketError with the kernel's code.
   */
  constructor(readonly nb: NativeBackend, readonly family: number, readonly type: number, fd?: number, release?: () => void) {
    const r = fd ?? nb.socket(family, type, 0);
    if (r < 0) throw SocketError.fromErrno(r, "socket", `socket(${family}, ${type}) through the native shim failed: ${SocketError.fromErrno(r, "socket").code}`);
    this.fd = r;
    this.#release = release ?? (() => void nb.close(r));
  }

  get closed(): boolean { return this.#closed; }

  /** Throws the SocketError for a -errno result. */
  fail(r: number, syscall: string, address?: unknown): never {
    const code = SocketError.fromErrno(r, syscall).code;
    throw SocketError.fromErrno(r, syscall, `${syscall} failed: ${code}${address ? ` (${JSON.stringify(address)})` : ""}`, address);
  }

  /** Encodes an address for the kernel. */
  sockaddr(address: SocketAddress, syscall: string): Uint8Array {
    return encodeSockaddr(this.family, numericAddress(this.family, address), (n) => {
      const r = this.nb.ifNameToIndex(new TextEncoder().encode(n + "\0"));
      if (r < 0) throw new SocketError("ENODEV", `${syscall}: no network interface named ${JSON.stringify(n)}`, { syscall });
      return r;
    }, syscall);
  }

  /** Runs `op` until it stops returning EAGAIN/EINTR, waiting for `events` in between; rejects EBADF once closed. */
  async retry(events: number, syscall: string, op: () => number, signal?: AbortSignal): Promise<number> {
    for (;;) {
      if (this.#closed) throw new SocketError("EBADF", `socket closed while ${syscall} was pending`, { syscall });
      const r = op();
      if (r === -EINTR) continue;
      if (r !== -EAGAIN) return r;
      await this.wait(events, syscall, signal);
    }
  }

  /** Waits once for readiness (or close, or `signal`). */
  async wait(events: number, syscall: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new SocketError("ECANCELED", `${syscall} was aborted`, { syscall, cause: signal.reason });
    this.#waiter ??= this.nb.waiter(this.fd);
    this.#waits++;
    try {
      await this.#waiter.wait(events, signal);
    } finally {
      this.#waits--;
    }
    if (this.#closed) throw new SocketError("EBADF", `socket closed while ${syscall} was pending`, { syscall });
    if (signal?.aborted) throw new SocketError("ECANCELED", `${syscall} was aborted`, { syscall, cause: signal.reason });
  }

  /** The pending error (SO_ERROR, which reading clears) as -errno, 0 when none. */
  takeError(): number {
    const v = new Uint8Array(4);
    const len = new Int32Array([4]);
    const r = this.nb.getsockopt(this.fd, SOL_SOCKET, SO_ERROR, v, len);
    return r < 0 ? r : -decodeInt(v);
  }

  /** The local address. */
  localAddress(): SocketAddress {
    const sa = new Uint8Array(SOCKADDR_MAX);
    const len = new Int32Array([SOCKADDR_MAX]);
    const r = this.nb.getsockname(this.fd, sa, len);
    if (r < 0) this.fail(r, "getsockname");
    return decodeSockaddr(sa, len[0]!, noName);
  }

  /** The peer's address (ENOTCONN when there is none). */
  remoteAddress(): SocketAddress {
    const sa = new Uint8Array(SOCKADDR_MAX);
    const len = new Int32Array([SOCKADDR_MAX]);
    const r = this.nb.getpeername(this.fd, sa, len);
    if (r < 0) this.fail(r, "getpeername");
    return decodeSockaddr(sa, len[0]!, noName);
  }

  /** Options go to the kernel through the runtime's nativeSetsockopt on fd(): nothing to do here. */
  setOption(): boolean { return false; }
  /** Read from the kernel by the runtime's nativeGetsockopt (which honours buflen). */
  getOption(): undefined { return undefined; }

  /** Closes the descriptor once no wait is pending on it (waits settle and reject EBADF). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const w = this.#waiter;
    this.#waiter = null;
    if (!w) { this.#release(); return; }
    if (this.#waits === 0) { void w.close(); this.#release(); return; }
    void w.close().then(this.#release);
  }
}

/**
 * A UDP socket on the shim: kernel connect(), every option on the descriptor.
 *
 * @example
 * ```ts
 * import { NativeDatagram, NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const t = new NativeDatagram(new NativeFd(nb, 2, 2));
 * await t.send(new Uint8Array([1]), { host: "127.0.0.1", port: 9 });
 * ```
 */
export class NativeDatagram implements DatagramTransport {
  readonly #sa = new Uint8Array(SOCKADDR_MAX);
  readonly #salen = new Int32Array(1);
  readonly #ts = new Uint32Array(2);
  #buf = new Uint8Array(65536);
  /** True from a receive() call until its datagram is returned to the user (see NativeInetSocket.recvBatch). */
  holding = false;
  /** SO_TIMESTAMP(NS) is on: receives wait through the shim, which reads the kernel's time. */
  #stamps = false;
  #loopBuf: Uint8Array | null = null;
  /** The runtime's receive not yet handed to a caller (one whose caller an error failed first). */
  #inflight: Promise<Datagram> | null = null;
  /** Connected: ICMP errors (ECONNREFUSED...) reach the socket and must fail a receive that waits. */
  #connected = false;

  /**
   * @param s the descriptor
   * @param loop the runtime's own socket on the same descriptor (see AdoptedDatagram): an empty
   *   queue is waited for by its receive, on the runtime's event loop
   */
  constructor(readonly s: NativeFd, readonly loop?: AdoptedDatagram) {}

  #take(n: number): Datagram {
    const data = this.#buf.slice(0, Math.min(n, this.#buf.length));
    stamps.set(data.buffer, BigInt(this.#ts[0]!) * 1_000_000_000n + BigInt(this.#ts[1]!));
    return [data, decodeSockaddr(this.#sa, this.#salen[0]!, noName)];
  }

  #fromLoop(loop: AdoptedDatagram): Promise<Datagram> {
    const buf = this.#loopBuf ??= new Uint8Array(65536);
    return loop.receive(buf).then(([n, from]): Datagram => {
      const data = buf.slice(0, n);
      stamps.set(data.buffer, 0n);
      return [data, from];
    });
  }

  /**
   * Waits through the runtime's receive. The runtime wakes its receive for data
   * only, so on a connected socket the shim watches for a pending error too
   * (no thread wakes for data): the error fails this receive, and the
   * runtime's receive, still pending, gives its datagram to the next one.
   */
  #viaLoop(loop: AdoptedDatagram): Promise<Datagram> {
    const p = this.#inflight ??= this.#fromLoop(loop);
    const watch = this.#connected ? new AbortController() : null;
    return new Promise<Datagram>((resolve, reject) => {
      let done = false;
      const settle = (f: () => void) => {
        if (done) return;
        done = true;
        watch?.abort();
        f();
      };
      p.then((d) => settle(() => { this.#inflight = null; resolve(d); }), (e) => settle(() => { this.#inflight = null; reject(e); }));
      if (!watch) return;
      this.s.wait(0, "recvfrom", watch.signal).then(() => {
        if (done) return;
        const r = this.s.takeError();
        // No error (a hang-up): the runtime's receive reports what follows.
        if (r < 0) settle(() => reject(SocketError.fromErrno(r, "recvfrom", `recvfrom failed: ${SocketError.fromErrno(r, "recvfrom").code}`)));
      }, () => { /* withdrawn, or closed: the runtime's receive settles */ });
    });
  }

  #recv = (): number => {
    this.#salen[0] = SOCKADDR_MAX;
    return this.s.nb.recvmsg(this.s.fd, this.#buf, 0, this.#sa, this.#salen, this.#ts);
  };

  receive(): Promise<Datagram>;
  receive<R>(then: (d: Datagram) => R, fail: (e: unknown) => R): Promise<R>;
  receive<R>(then?: (d: Datagram) => R, fail?: (e: unknown) => R): Promise<Datagram | R> {
    return mapped(this.#receive(), then, fail);
  }

  #receive(): Promise<Datagram> {
    this.holding = true;
    // A datagram the runtime's receive takes comes before any read now (order is kept).
    if (this.#inflight && this.loop) return this.#viaLoop(this.loop);
    if (!this.s.closed) {
      const r = this.#recv();
      if (r >= 0) return Promise.resolve(this.#take(r));
      if (r !== -EAGAIN && r !== -EINTR) return Promise.reject(SocketError.fromErrno(r, "recvfrom", `recvfrom failed: ${SocketError.fromErrno(r, "recvfrom").code}`));
      if (this.loop && !this.#stamps) return this.#viaLoop(this.loop);
    }
    return this.s.retry(READABLE, "recvfrom", this.#recv).then((r) => {
      if (r < 0) this.s.fail(r, "recvfrom");
      return this.#take(r);
    });
  }

  send(data: Uint8Array, address: SocketAddress | undefined, fail?: (e: unknown) => unknown): Promise<number> {
    return failingWith(this.#send(data, address), fail);
  }

  #send(data: Uint8Array, address: SocketAddress | undefined): Promise<number> {
    let sa: Uint8Array | null;
    try {
      sa = address ? this.s.sockaddr(address, "sendto") : null;
    } catch (e) {
      return Promise.reject(e);
    }
    const op = () => this.s.nb.sendto(this.s.fd, data, 0, sa);
    const first = this.s.closed ? -EAGAIN : op();
    if (first >= 0) return Promise.resolve(first);
    if (first !== -EAGAIN && first !== -EINTR) return Promise.reject(SocketError.fromErrno(first, address ? "sendto" : "send", `${address ? "sendto" : "send"} failed: ${SocketError.fromErrno(first, "send").code}`, address));
    return this.s.retry(WRITABLE, "sendto", op).then((r) => r < 0 ? this.s.fail(r, "sendto", address) : r);
  }

  async connect(address: SocketAddress): Promise<void> {
    const r = this.s.nb.connect(this.s.fd, this.s.sockaddr(address, "connect"));
    if (r < 0) this.s.fail(r, "connect", address);
    this.#connected = true;
  }

  close(): void { this.s.close(); }
  localAddress(): SocketAddress { return this.s.localAddress(); }
  fd(): number { return this.s.closed ? -1 : this.s.fd; }
  /** Options go to the kernel through nativeSetsockopt on fd(); kernel timestamps change how receives wait. */
  setOption(level: number, option: number, value: SockOptValue): boolean {
    if (level === SOL_SOCKET && (option === SO_TIMESTAMPNS || option === SO_TIMESTAMP)) this.#stamps = optBool(value);
    return false;
  }
  getOption(): undefined { return undefined; }
}

/**
 * A connected TCP stream on the shim.
 *
 * @example
 * ```ts
 * import type { NativeStream } from "./inet_transport.ts";
 * declare const t: NativeStream;
 * await t.write(new TextEncoder().encode("hi"));
 * const chunk = await t.read(); // null at the peer's FIN
 * ```
 */
export class NativeStream implements StreamTransport {
  readonly #buf = new Uint8Array(65536);
  readonly #sa = new Uint8Array(SOCKADDR_MAX);
  readonly #salen = new Int32Array(1);

  constructor(readonly s: NativeFd) {}

  #recvInto(view: Uint8Array): number {
    this.#salen[0] = SOCKADDR_MAX;
    return this.s.nb.recvfrom(this.s.fd, view, 0, this.#sa, this.#salen);
  }

  read(): Promise<Uint8Array | null>;
  read<R>(then: (chunk: Uint8Array | null) => R, fail: (e: unknown) => R): Promise<R>;
  read<R>(then?: (chunk: Uint8Array | null) => R, fail?: (e: unknown) => R): Promise<Uint8Array | null | R> {
    return mapped(this.#read(), then, fail);
  }

  async #read(): Promise<Uint8Array | null> {
    const r = await this.s.retry(READABLE, "recv", () => this.#recvInto(this.#buf));
    if (r < 0) this.s.fail(r, "recv");
    return r === 0 ? null : this.#buf.slice(0, r);
  }

  async readInto(buffer: Uint8Array): Promise<number | null> {
    const r = await this.s.retry(READABLE, "recv", () => this.#recvInto(buffer));
    if (r < 0) this.s.fail(r, "recv");
    return r === 0 ? null : r;
  }

  async write(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) {
      const r = await this.s.retry(WRITABLE, "send", () => this.s.nb.sendto(this.s.fd, data.subarray(off), 0, null));
      if (r < 0) this.s.fail(r, "send");
      off += r;
    }
  }

  async closeWrite(): Promise<void> {
    const r = this.s.nb.shutdown(this.s.fd, 1);
    if (r < 0) this.s.fail(r, "shutdown");
  }

  closeRead(): void { this.s.nb.shutdown(this.s.fd, 0); }
  close(after?: Promise<unknown>): void {
    if (after) closeAfter(after, () => this.s.close());
    else this.s.close();
  }
  remoteAddress(): SocketAddress { return this.s.remoteAddress(); }
  localAddress(): SocketAddress { return this.s.localAddress(); }
  buffered(): { recv: number; send: number } { return { recv: 0, send: 0 }; }
  fd(): number { return this.s.closed ? -1 : this.s.fd; }
  setOption(): boolean { return false; }
  getOption(): undefined { return undefined; }
}

/**
 * A listening TCP socket on the shim.
 *
 * @example
 * ```ts
 * import type { NativeListener } from "./inet_transport.ts";
 * declare const l: NativeListener;
 * const conn = await l.accept();
 * ```
 */
export class NativeListener implements ListenerTransport {
  readonly #sa = new Uint8Array(SOCKADDR_MAX);
  readonly #salen = new Int32Array(1);

  constructor(readonly s: NativeFd) {}

  async accept(): Promise<StreamTransport> {
    const r = await this.s.retry(READABLE, "accept", () => {
      this.#salen[0] = SOCKADDR_MAX;
      return this.s.nb.accept(this.s.fd, this.#sa, this.#salen);
    });
    if (r < 0) this.s.fail(r, "accept");
    return new NativeStream(new NativeFd(this.s.nb, this.s.family, this.s.type, r));
  }

  close(): void { this.s.close(); }
  localAddress(): SocketAddress { return this.s.localAddress(); }
  fd(): number { return this.s.closed ? -1 : this.s.fd; }
  setOption(): boolean { return false; }
  getOption(): undefined { return undefined; }
}

/**
 * Completes a non-blocking connect(): waits for writability, then reads SO_ERROR.
 *
 * @example
 * ```ts
 * import { connectFd, NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const s = new NativeFd(nb, 2, 1);
 * await connectFd(s, { host: "127.0.0.1", port: 80 });
 * ```
 */
export async function connectFd(s: NativeFd, address: SocketAddress, signal?: AbortSignal): Promise<void> {
  let r = s.nb.connect(s.fd, s.sockaddr(address, "connect"));
  if (r === -EINPROGRESS) {
    await s.wait(WRITABLE, "connect", signal);
    r = s.takeError();
  }
  if (r < 0) s.fail(r, "connect", address);
}
