/**
 * The Socket implementation for what the native shim opens: AF_PACKET,
 * SOCK_RAW over IPv4/IPv6, and AF_UNIX SOCK_DGRAM/SOCK_SEQPACKET. Runtime
 * neutral: it drives a {@link NativeBackend}. Every call tries the
 * non-blocking operation first and, on EAGAIN, waits for readiness (never
 * blocking the event loop), then retries.
 *
 * Closing a socket with a call pending settles that call: it rejects with a
 * SocketError "EBADF" ("socket closed while ... was pending").
 *
 * @example
 * ```ts
 * import { socket, AF_PACKET, SOCK_RAW, ETH_P_ALL } from "sockfam";
 * import type { PacketSocket } from "sockfam/core";
 * const s = socket(AF_PACKET, SOCK_RAW, ETH_P_ALL) as PacketSocket;
 * await s.bind({ ifname: "veth0" });
 * const [frame, from] = await s.recvfrom();
 * console.log(frame.length, from); // 98 { ifname: "veth0", ifindex: 7, protocol: 2048, pkttype: 0, ... }
 * ```
 * @module
 */
import type { PacketAddress, SocketAddress } from "../address/types.ts";
import { AF_INET, AF_INET6, AF_PACKET, AF_UNIX, MSG_DONTWAIT, PACKET_ADD_MEMBERSHIP, PACKET_DROP_MEMBERSHIP, PACKET_FANOUT, PACKET_FANOUT_HASH, PACKET_MR_PROMISC, PACKET_STATISTICS, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOL_PACKET, SOL_SOCKET, SO_ATTACH_FILTER, SO_ERROR } from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { Socket, SockOptValue, WaitOptions } from "../socket/types.ts";
import { READABLE, WRITABLE, type NativeBackend, type Waiter } from "./backend.ts";
import { batchFor, readBatch, type DatagramBatch } from "./batch.ts"; // denonative
import { compileFilter, encodeBpf, parseTcpdumpProgram, type BpfInsn } from "../filter/mod.ts";
import { decodeInt, decodeStats, encodeOptValue, fanoutValue, packetMreq, type PacketStats } from "./options.ts";
import { RING_META_WORDS, RingBatch, type RingOptions } from "./ring.ts";
import { SOCKADDR_MAX, decodeSockaddr, encodeSockaddr } from "./sockaddr.ts";
import { NATIVE_RECV_MAX, checkBufsize, checkData, checkFlags, checkSendtoAddress, checkWaitOptions, timeoutMs } from "../socket/policy.ts";
import { messageReadable, messageWritable, receiveAll } from "../socket/streams.ts";
import { sleep, startWait, waitFor, wouldBlock, type WaitSpec } from "../socket/_wait.ts";
import { ownCopy } from "../socket/_pool.ts";

const EAGAIN = 11, EINPROGRESS = 115, EINTR = 4;
/** Flag bits a native call passes to the kernel (which rejects what it does not support): any int. */
const ANY_FLAGS = 0x7fffffff;
/** Longest pause between retries when readiness says ready but the call still would block. */
const MAX_BACKOFF_MS = 100;
const FAMILY_NAMES: Record<number, string> = { [AF_PACKET]: "AF_PACKET", [AF_INET]: "AF_INET", [AF_INET6]: "AF_INET6", [AF_UNIX]: "AF_UNIX" };
const TYPE_NAMES: Record<number, string> = { [SOCK_RAW]: "SOCK_RAW", [SOCK_DGRAM]: "SOCK_DGRAM", [SOCK_SEQPACKET]: "SOCK_SEQPACKET", 1: "SOCK_STREAM" };

/**
 * A filter given to {@link PacketSocket.setFilter}: an expression, a compiled program, or tcpdump -dd text.
 *
 * @example
 * ```ts
 * import type { PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * sock.setFilter("tcp and port 80"); sock.setFilter([{ code: 6, jt: 0, jf: 0, k: 0 }]);
 * ```
 */
export type FilterSpec = string | readonly BpfInsn[] | { tcpdump: string };

/**
 * Frames for a batched send: an array, or frames packed end to end with their lengths.
 *
 * @example
 * ```ts
 * import type { PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * const packed = new Uint8Array(120); // two 60-byte frames, end to end
 * await sock.sendBatch({ data: packed, lengths: new Uint32Array([60, 60]) });
 * ```
 */
export type SendFrames = readonly Uint8Array[] | { data: Uint8Array; lengths: Uint32Array; count?: number };

/**
 * The extra surface of AF_PACKET sockets (and the batch send of any native socket).
 *
 * @example
 * ```ts
 * import type { PacketSocket } from "sockfam/core";
 * declare const s: PacketSocket;
 * s.setPromisc("veth0");
 * s.setFilter("udp and port 53");
 * for await (const batch of s.batches()) console.log(batch.count);
 * ```
 */
export interface PacketSocket extends Socket {
  /** The descriptor. */
  readonly fd: number;
  /** Turns promiscuous mode on (or off) for the socket's lifetime (PACKET_MR_PROMISC). */
  setPromisc(ifname: string, on?: boolean): void;
  /** Joins (or leaves) a link-layer multicast group or all-multicast (PACKET_ADD_MEMBERSHIP). */
  addMembership(ifname: string, type: number, addr?: string): void;
  /** Leaves a membership. */
  dropMembership(ifname: string, type: number, addr?: string): void;
  /** Attaches a classic BPF filter (SO_ATTACH_FILTER). */
  setFilter(filter: FilterSpec): void;
  /** Joins a PACKET_FANOUT group: sockets of one group share the traffic (default mode: flow hash). */
  joinFanout(groupId: number, mode?: number, flags?: number): void;
  /** PACKET_STATISTICS: counts since the previous call (the kernel resets them when read). */
  stats(): PacketStats;
  /** Sets up the TPACKET_V3 receive ring (done by the first recvBatch() with defaults otherwise). */
  openRing(options?: RingOptions): void;
  /** Waits for and returns the next batch of frames from the ring (views reused by the next call). */
  recvBatch(options?: WaitOptions): Promise<RingBatch>;
  /** Datagram sockets (AF_UNIX SOCK_DGRAM, SOCK_RAW): up to `max` datagrams with one recvmmsg (views reused by the next call). */
  recvBatch(max: number, options?: WaitOptions & { slot?: number }): Promise<DatagramBatch>;
  /** The frames the ring holds right now, without waiting (count 0 when none); into `into`'s buffers if given (as many as fit). */
  pollBatch(into?: RingBatch): RingBatch;
  /** Batches until the socket closes. */
  batches(options?: WaitOptions): AsyncIterableIterator<RingBatch>;
  /** Resolves when there is something to read (for a ring: a block of frames), reading nothing; rejects as recv does (timeout, signal, close). */
  waitReadable(options?: WaitOptions): Promise<void>;
  /** Sends frames with sendmmsg; resolves to the number sent (all of them unless the socket closes). */
  sendBatch(frames: SendFrames, address?: PacketAddress, options?: WaitOptions): Promise<number>;
}

/** The reason a finished wait's readiness watch is withdrawn with (waiters never read it). */
const WITHDRAWN = "wait over";

/** Message for a failed socket() call. */
function openError(errno: number, family: number, type: number, proto: number, runtime: string): SocketError {
  const what = `${FAMILY_NAMES[family] ?? `family ${family}`} ${TYPE_NAMES[type] ?? `type ${type}`}`;
  const code = -errno;
  if (code === 1 || code === 13) {
    const exe = runtime === "deno" ? "deno" : "node";
    return SocketError.fromErrno(errno, "socket",
      `opening an ${what} socket needs the CAP_NET_RAW capability, which this process lacks: run as root, or grant it to the runtime (sudo setcap cap_net_raw+ep $(command -v ${exe}))`);
  }
  if (code === 95 || code === 97 || code === 94 || code === 93) {
    return SocketError.fromErrno(errno, "socket", `${what} (protocol ${proto}) is not supported on this system (sockfam's native sockets need Linux)`);
  }
  return SocketError.fromErrno(errno, "socket", `socket(${what}, ${proto}) failed`);
}

/**
 * Opens a native socket over `backend`. Throws SocketError (EPERM without
 * CAP_NET_RAW, ENOTSUP off Linux).
 *
 * @example
 * ```ts
 * import { openWithBackend } from "./socket.ts";
 * declare const backend: import("./backend.ts").NativeBackend;
 * const s = openWithBackend(backend, 1, 2, 0); // AF_UNIX SOCK_DGRAM
 * ```
 */
export function openWithBackend(backend: NativeBackend, family: number, type: number, proto: number): NativeSocket {
  if (!backend.supported()) throw openError(-95, family, type, proto, backend.runtime);
  // AF_PACKET opens with protocol 0 (receiving nothing) and binds the protocol
  // later — at bind() or before the first receive — so that no frame from
  // another interface slips in between socket() and bind().
  const fd = backend.socket(family, type, family === AF_PACKET ? 0 : proto);
  if (fd < 0) throw openError(fd, family, type, proto, backend.runtime);
  return new NativeSocket(backend, fd, family, type, proto);
}

/**
 * A socket opened through the native shim.
 *
 * @example
 * ```ts
 * import { openWithBackend } from "./socket.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const backend: NativeBackend;
 * const s = openWithBackend(backend, 1, 5, 0); // AF_UNIX SOCK_SEQPACKET
 * await s.bind({ path: "\0demo" }); await s.listen();
 * ```
 */
export class NativeSocket implements PacketSocket {
  #waiter: Waiter | null = null;
  #closed = false;
  #timeoutMs: number | null = null;
  /** Aborted by close(): every pending wait rejects with EBADF at once. */
  readonly #closer = new AbortController();
  #bound: SocketAddress | null = null;
  #connected = false;
  #ring = -1;
  #batch: RingBatch | null = null;
  #dgrams: DatagramBatch | null = null; // denonative: recvBatch(max) on datagram sockets
  #scratch: Uint8Array | null = null;
  readonly #sa = new Uint8Array(SOCKADDR_MAX);
  readonly #salen = new Int32Array(1);
  readonly #names = new Map<number, string>();
  #readable: ReadableStream<Uint8Array> | null = null;
  #writable: WritableStream<Uint8Array> | null = null;

  /**
   * @param backend the runtime's binding of the C ABI
   * @param fd an open non-blocking descriptor (owned from now on)
   */
  constructor(readonly backend: NativeBackend, readonly fd: number, readonly family: number, readonly type: number, readonly proto: number) {}

  get closed(): boolean { return this.#closed; }

  /** The descriptor, as Python's fileno() (-1 once closed). denonative */
  fileno(): number { return this.#closed ? -1 : this.fd; }

  // ---- helpers -------------------------------------------------------------

  #fail(r: number, syscall: string, address?: unknown, message?: string): never {
    throw SocketError.fromErrno(r, syscall, message ?? `${syscall} on ${FAMILY_NAMES[this.family] ?? this.family} socket failed: ${SocketError.fromErrno(r, syscall).code}${address ? ` (${JSON.stringify(address)})` : ""}`, address);
  }

  #kind(): string {
    return `${FAMILY_NAMES[this.family] ?? `family ${this.family}`} ${TYPE_NAMES[this.type] ?? `type ${this.type}`}`;
  }

  #check(syscall: string): void {
    if (this.#closed) throw new SocketError("EBADF", `${syscall}: the socket is closed`, { syscall });
  }

  /** Interface name to index (ENODEV with a hint when there is none). */
  ifindex(name: string): number {
    if (!name) return 0;
    const r = this.backend.ifNameToIndex(new TextEncoder().encode(name + "\0"));
    if (r < 0) throw new SocketError("ENODEV", `no network interface named ${JSON.stringify(name)} (list them with \`ip link\`)`, { syscall: "if_nametoindex", address: { ifname: name } });
    return r;
  }

  #ifname = (index: number): string => {
    if (index <= 0) return "";
    let n = this.#names.get(index);
    if (n === undefined) {
      const out = new Uint8Array(16);
      const r = this.backend.ifIndexToName(index, out);
      n = r > 0 ? new TextDecoder().decode(out.subarray(0, r)) : "";
      this.#names.set(index, n);
    }
    return n;
  };

  #encode(address: SocketAddress, syscall: string): Uint8Array {
    if (this.family === AF_PACKET && address && typeof address === "object" && (address as PacketAddress).protocol === undefined) {
      address = { ...(address as PacketAddress), protocol: this.proto };
    }
    return encodeSockaddr(this.family, address, (n) => this.ifindex(n), syscall);
  }

  /** The wait policy of one call: its deadline is fixed now, so retries do not restart the timer. */
  #spec(syscall: string, options?: WaitOptions, flags = 0): WaitSpec {
    return startWait({ signal: options?.signal, timeoutMs: flags & MSG_DONTWAIT ? 0 : this.#timeoutMs, closed: this.#closer.signal, syscall });
  }

  /** Waits for readiness, honouring the call's timeout, its signal and close(). */
  async #wait(events: number, spec: WaitSpec): Promise<void> {
    this.#check(spec.syscall);
    if (spec.timeoutMs === 0) throw wouldBlock(spec.syscall);
    this.#waiter ??= this.backend.waiter(this.fd);
    const cancel = new AbortController();
    try {
      await waitFor(this.#waiter.wait(events, cancel.signal), spec);
    } finally {
      // withdraws the readiness wait, so a timed-out call leaves nothing behind
      // (with a reason: abort() would build a DOMException and its stack per wait)
      cancel.abort(WITHDRAWN);
    }
    this.#check(spec.syscall);
  }

  /** AF_PACKET: an unbound socket receives its protocol on every interface (as in Python) once it first receives. */
  #ensureBound(): void {
    if (this.family !== AF_PACKET || this.#bound || this.proto === 0 || this.#closed) return;
    const r = this.backend.bind(this.fd, encodeSockaddr(AF_PACKET, { ifname: "", ifindex: 0, protocol: this.proto }, () => 0, "bind"));
    if (r < 0) this.#fail(r, "bind");
    this.#bound = { ifname: "", protocol: this.proto };
  }

  /**
   * Runs `op` until it stops returning EAGAIN, waiting for readiness in between
   * (first, when the caller's own try just said EAGAIN). When readiness says
   * ready but the call still would block — an AF_UNIX datagram to a full
   * receiver: the sender's own buffer is empty, so poll() reports it writable —
   * it backs off (1 ms doubling to 100 ms) instead of spinning, still within
   * the call's one deadline, signal and close.
   */
  async #retry(events: number, spec: WaitSpec, op: () => number, dontWait = false, waitFirst = false): Promise<number> {
    let backoff = 0;
    if (waitFirst) {
      await this.#wait(events, spec);
      backoff = 1;
    }
    for (;;) {
      this.#check(spec.syscall);
      const r = op();
      if (r >= 0) return r;
      if (r === -EINTR) continue;
      if (r !== -EAGAIN || dontWait) return r;
      if (backoff) {
        if (spec.timeoutMs === 0) throw wouldBlock(spec.syscall);
        await sleep(backoff, spec);
      }
      await this.#wait(events, spec);
      backoff = Math.min(backoff ? backoff * 2 : 1, MAX_BACKOFF_MS);
    }
  }

  /** The receive scratch buffer, at least `n` bytes (capped: larger sizes receive at most NATIVE_RECV_MAX). */
  #buffer(n: number): Uint8Array {
    const want = Math.min(n, NATIVE_RECV_MAX);
    if (!this.#scratch || this.#scratch.length < want) this.#scratch = new Uint8Array(Math.max(want, 2048));
    return this.#scratch.subarray(0, want);
  }

  // ---- Socket --------------------------------------------------------------

  async bind(address: SocketAddress): Promise<void> {
    this.#check("bind");
    const sa = this.#encode(address, "bind");
    const r = this.backend.bind(this.fd, sa);
    if (r < 0) this.#fail(r, "bind", address);
    this.#bound = address;
  }

  async listen(backlog = 128): Promise<void> {
    this.#check("listen");
    if (!Number.isInteger(backlog) || backlog < 0) throw new SocketError("EINVAL", `listen: backlog must be a non-negative integer, got ${backlog}`, { syscall: "listen" });
    backlog = Math.min(backlog, 0x7fffffff);
    const r = this.backend.listen(this.fd, backlog);
    if (r < 0) this.#fail(r, "listen", undefined, r === -95 ? `listen: ${TYPE_NAMES[this.type]} sockets cannot listen (only SOCK_SEQPACKET/SOCK_STREAM can)` : undefined);
  }

  async accept(options?: WaitOptions): Promise<[Socket, SocketAddress]> {
    checkWaitOptions(options, "accept");
    const sa = new Uint8Array(SOCKADDR_MAX);
    const len = new Int32Array(1);
    const r = await this.#retry(READABLE, this.#spec("accept", options), () => {
      len[0] = SOCKADDR_MAX;
      return this.backend.accept(this.fd, sa, len);
    });
    if (r < 0) this.#fail(r, "accept");
    return [new NativeSocket(this.backend, r, this.family, this.type, this.proto), decodeSockaddr(sa, len[0]!, this.#ifname)];
  }

  async connect(address: SocketAddress, options?: WaitOptions): Promise<void> {
    this.#check("connect");
    checkWaitOptions(options, "connect");
    const sa = this.#encode(address, "connect");
    const spec = this.#spec("connect", options);
    if (spec.signal?.aborted) await waitFor(Promise.resolve(), spec);
    let r = this.backend.connect(this.fd, sa);
    // AF_UNIX: EAGAIN means the listener's backlog is full — try again shortly (there is no readiness to
    // wait for), within the call's deadline, signal and close, as Python's blocking connect waits.
    for (let delay = 1; r === -EAGAIN; delay = Math.min(delay * 2, 50)) {
      if (spec.timeoutMs === 0) throw wouldBlock("connect", address);
      await sleep(delay, spec);
      this.#check("connect");
      r = this.backend.connect(this.fd, sa);
    }
    if (r === -EINPROGRESS) {
      await this.#wait(WRITABLE, spec);
      const err = this.getsockopt(SOL_SOCKET, SO_ERROR) as number;
      r = err ? -err : 0;
    }
    if (r < 0) this.#fail(r, "connect", address);
    this.#connected = true;
  }

  async send(data: Uint8Array, flags = 0, options?: WaitOptions): Promise<number> {
    this.#check("send");
    checkData(data, "send");
    checkWaitOptions(options, "send");
    checkFlags(flags, ANY_FLAGS, "send", this.#kind());
    if (this.family === AF_PACKET && !this.#bound && !this.#connected) {
      throw new SocketError("EDESTADDRREQ", "send on an AF_PACKET socket needs an interface: bind({ ifname }) first, or use sendto(frame, { ifname, addr })", { syscall: "send" });
    }
    let first = -EINTR;
    if (!this.#closed) {
      first = this.backend.sendto(this.fd, data, flags, null);
      if (first >= 0) return first;
      if ((first !== -EAGAIN && first !== -EINTR) || flags & MSG_DONTWAIT) this.#fail(first, "send");
    }
    const r = await this.#retry(WRITABLE, this.#spec("send", options, flags), () => this.backend.sendto(this.fd, data, flags, null), (flags & MSG_DONTWAIT) !== 0, first === -EAGAIN);
    if (r < 0) this.#fail(r, "send");
    return r;
  }

  async sendall(data: Uint8Array, flags = 0, options?: WaitOptions): Promise<void> {
    let off = 0;
    do off += await this.send(data.subarray(off), flags, options);
    while (off < data.length && this.type !== SOCK_DGRAM && this.type !== SOCK_RAW && this.type !== SOCK_SEQPACKET);
  }

  async sendto(data: Uint8Array, address: SocketAddress, options?: WaitOptions): Promise<number> {
    this.#check("sendto");
    checkSendtoAddress(address);
    checkData(data, "sendto");
    checkWaitOptions(options, "sendto");
    const sa = this.#encode(address, "sendto");
    const r = await this.#retry(WRITABLE, this.#spec("sendto", options), () => this.backend.sendto(this.fd, data, 0, sa));
    if (r < 0) this.#fail(r, "sendto", address);
    return r;
  }

  recv(bufsize = 65536, flags = 0, options?: WaitOptions): Promise<Uint8Array> {
    try {
      this.#check("recv");
      checkBufsize(bufsize, "recv");
      checkWaitOptions(options, "recv");
      checkFlags(flags, ANY_FLAGS, "recv", this.#kind());
    } catch (e) {
      return Promise.reject(e);
    }
    // Fast path: data already queued (one native call, no async machinery).
    // Its EAGAIN is not repeated: #recv then waits before trying again.
    let first = -EINTR;
    if (this.#bound || this.family !== AF_PACKET) {
      const buf = this.#buffer(bufsize);
      this.#salen[0] = SOCKADDR_MAX;
      first = this.backend.recvfrom(this.fd, buf, flags, this.#sa, this.#salen);
      if (first >= 0) return Promise.resolve(ownCopy(buf, Math.min(first, buf.length)));
    }
    return this.#recv(bufsize, flags, options, false, first).then((x) => x[0]);
  }

  async recvfrom(bufsize = 65536, flags = 0, options?: WaitOptions): Promise<[Uint8Array, SocketAddress]> {
    this.#check("recvfrom");
    checkBufsize(bufsize, "recvfrom");
    checkWaitOptions(options, "recvfrom");
    checkFlags(flags, ANY_FLAGS, "recvfrom", this.#kind());
    const [data, len] = await this.#recv(bufsize, flags, options, true);
    return [data, decodeSockaddr(this.#sa, len, this.#ifname)];
  }

  /** `first`: what a caller's own recvfrom just returned (-EINTR: none made). */
  async #recv(bufsize: number, flags: number, options: WaitOptions | undefined, withAddr: boolean, first = -EINTR): Promise<[Uint8Array, number]> {
    const syscall = withAddr ? "recvfrom" : "recv";
    const dontWait = (flags & MSG_DONTWAIT) !== 0;
    // An error (or EAGAIN under MSG_DONTWAIT) from that call is the answer: a second call would lose it.
    if (first !== -EINTR && (first !== -EAGAIN || dontWait)) this.#fail(first, syscall);
    this.#ensureBound();
    const r = await this.#retry(READABLE, this.#spec(syscall, options, flags), () => {
      this.#salen[0] = SOCKADDR_MAX;
      return this.backend.recvfrom(this.fd, this.#buffer(bufsize), flags, this.#sa, this.#salen);
    }, dontWait, first === -EAGAIN);
    if (r < 0) this.#fail(r, syscall);
    // The scratch buffer is reused by the next call: hand out a copy of what arrived, never more.
    return [ownCopy(this.#scratch!, Math.min(r, bufsize, NATIVE_RECV_MAX)), this.#salen[0]!];
  }

  async recvInto(buffer: Uint8Array, nbytes = buffer.length, flags = 0, options?: WaitOptions): Promise<number> {
    this.#check("recv_into");
    if (!(buffer instanceof Uint8Array)) throw new SocketError("EINVAL", "recv_into: buffer must be a Uint8Array", { syscall: "recv_into" });
    checkBufsize(nbytes, "recv_into");
    checkWaitOptions(options, "recv_into");
    checkFlags(flags, ANY_FLAGS, "recv_into", this.#kind());
    this.#ensureBound();
    const view = buffer.subarray(0, nbytes || buffer.length);
    const r = await this.#retry(READABLE, this.#spec("recv_into", options, flags), () => {
      this.#salen[0] = SOCKADDR_MAX;
      return this.backend.recvfrom(this.fd, view, flags, this.#sa, this.#salen);
    }, (flags & MSG_DONTWAIT) !== 0);
    if (r < 0) this.#fail(r, "recv_into");
    return Math.min(r, view.length);
  }

  async shutdown(how: number): Promise<void> {
    this.#check("shutdown");
    if (how !== 0 && how !== 1 && how !== 2) throw new SocketError("EINVAL", `shutdown: how must be SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2), got ${how}`, { syscall: "shutdown" });
    const r = this.backend.shutdown(this.fd, how);
    if (r < 0) this.#fail(r, "shutdown");
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closer.abort(); // every pending call rejects with EBADF now
    const w = this.#waiter;
    this.#waiter = null;
    if (w) await w.close(); // settles pending waits; they see #closed and reject EBADF
    if (this.#ring >= 0) this.backend.ringClose(this.#ring);
    this.#ring = -1;
    this.backend.close(this.fd);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  setsockopt(level: number, option: number, value: SockOptValue): void {
    this.#check("setsockopt");
    if (level === SOL_SOCKET && option === SO_ATTACH_FILTER && !(value instanceof Uint8Array && value.length % 8 === 0 && value.length > 0 && typeof value !== "string")) {
      this.setFilter(value as unknown as FilterSpec);
      return;
    }
    if (level === SOL_SOCKET && option === SO_ATTACH_FILTER) {
      const r = this.backend.attachFilter(this.fd, value as Uint8Array);
      if (r < 0) this.#fail(r, "setsockopt", undefined, `attaching the BPF filter failed: ${SocketError.fromErrno(r, "x").code} (the kernel rejected the program)`);
      return;
    }
    const r = this.backend.setsockopt(this.fd, level, option, encodeOptValue(value));
    if (r < 0) this.#fail(r, "setsockopt", undefined, `setsockopt(level ${level}, option ${option}) failed: ${SocketError.fromErrno(r, "x").code}`);
  }

  getsockopt(level: number, option: number, buflen?: number): SockOptValue {
    this.#check("getsockopt");
    if (buflen !== undefined && (!Number.isInteger(buflen) || buflen < 0 || buflen > 65536)) {
      throw new SocketError("EINVAL", `getsockopt: buflen must be an integer from 0 to 65536, got ${buflen}`, { syscall: "getsockopt" });
    }
    const val = new Uint8Array(buflen ?? 4);
    const len = new Int32Array([val.length]);
    const r = this.backend.getsockopt(this.fd, level, option, val, len);
    if (r < 0) this.#fail(r, "getsockopt", undefined, `getsockopt(level ${level}, option ${option}) failed: ${SocketError.fromErrno(r, "x").code}`);
    return buflen === undefined ? decodeInt(val.subarray(0, len[0])) : val.slice(0, len[0]);
  }

  getsockname(): SocketAddress {
    this.#check("getsockname");
    const sa = new Uint8Array(SOCKADDR_MAX);
    const len = new Int32Array([SOCKADDR_MAX]);
    const r = this.backend.getsockname(this.fd, sa, len);
    if (r < 0) this.#fail(r, "getsockname");
    return decodeSockaddr(sa, len[0]!, this.#ifname);
  }

  getpeername(): SocketAddress {
    this.#check("getpeername");
    const sa = new Uint8Array(SOCKADDR_MAX);
    const len = new Int32Array([SOCKADDR_MAX]);
    const r = this.backend.getpeername(this.fd, sa, len);
    if (r < 0) this.#fail(r, "getpeername", undefined, r === -107 ? "getpeername: the socket is not connected" : undefined);
    return decodeSockaddr(sa, len[0]!, this.#ifname);
  }

  // settimeout/gettimeout/setblocking/getblocking: the same few lines in CoreSocket and NativeSocket on
  // purpose (two classes with their own private state and no common base); the rule lives once, timeoutMs().
  settimeout(seconds: number | null): void {
    this.#check("settimeout");
    this.#timeoutMs = timeoutMs(seconds);
  }

  gettimeout(): number | null {
    return this.#timeoutMs === null ? null : this.#timeoutMs / 1000;
  }

  /** Python's setblocking(): false is settimeout(0) (never wait: EAGAIN), true is settimeout(null). */
  setblocking(flag: boolean): void {
    this.settimeout(flag ? null : 0);
  }

  /** Python's getblocking(): false only when the timeout is 0. */
  getblocking(): boolean {
    return this.gettimeout() !== 0;
  }

  /** Messages as a ReadableStream (one chunk per datagram/frame); ends when the socket closes. */
  get readable(): ReadableStream<Uint8Array> {
    return (this.#readable ??= messageReadable(this, this.type === SOCK_SEQPACKET));
  }

  /** Sends each chunk as one message. */
  get writable(): WritableStream<Uint8Array> {
    return (this.#writable ??= messageWritable(this, this.type === SOCK_SEQPACKET));
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return receiveAll(this, this.type === SOCK_SEQPACKET);
  }

  // ---- PacketSocket --------------------------------------------------------

  setPromisc(ifname: string, on = true): void {
    this.setsockopt(SOL_PACKET, on ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP, packetMreq(this.ifindex(ifname), PACKET_MR_PROMISC));
  }

  addMembership(ifname: string, type: number, addr?: string): void {
    this.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, packetMreq(this.ifindex(ifname), type, addr));
  }

  dropMembership(ifname: string, type: number, addr?: string): void {
    this.setsockopt(SOL_PACKET, PACKET_DROP_MEMBERSHIP, packetMreq(this.ifindex(ifname), type, addr));
  }

  setFilter(filter: FilterSpec): void {
    // SOCK_RAW packet sockets see Ethernet frames; SOCK_DGRAM ones start at the network header
    const prog = typeof filter === "string" ? compileFilter(filter, { linktype: 1, cooked: this.type === SOCK_DGRAM })
      : Array.isArray(filter) ? filter as readonly BpfInsn[]
      : typeof (filter as { tcpdump?: string }).tcpdump === "string" ? parseTcpdumpProgram((filter as { tcpdump: string }).tcpdump)
      : null;
    if (!prog || prog.length === 0) throw new SocketError("EINVAL", "setFilter takes an expression (\"udp and port 53\"), an array of { code, jt, jf, k }, or { tcpdump: `tcpdump -dd` output }", { syscall: "setsockopt" });
    this.setsockopt(SOL_SOCKET, SO_ATTACH_FILTER, encodeBpf(prog));
  }

  joinFanout(groupId: number, mode = PACKET_FANOUT_HASH, flags = 0): void {
    this.setsockopt(SOL_PACKET, PACKET_FANOUT, fanoutValue(groupId, mode, flags));
  }

  stats(): PacketStats {
    const b = this.getsockopt(SOL_PACKET, PACKET_STATISTICS, 12) as Uint8Array;
    return decodeStats(b, b.length);
  }

  openRing(options: RingOptions = {}): void {
    this.#check("setsockopt");
    if (this.family !== AF_PACKET) throw new SocketError("EINVAL", "a receive ring needs an AF_PACKET socket", { syscall: "setsockopt" });
    if (this.#ring >= 0) return;
    const blockSize = options.blockSize ?? 1 << 20;
    const r = this.backend.ringOpen(this.fd, blockSize, options.blockCount ?? 32, options.frameSize ?? 2048, options.retireMs ?? 10);
    if (r < 0) this.#fail(r, "setsockopt", undefined, `setting up the TPACKET_V3 ring failed: ${SocketError.fromErrno(r, "x").code} (blockSize must be a multiple of the page size and of frameSize; ENOMEM: use fewer/smaller blocks)`);
    this.#ring = r;
    const frames = options.batchFrames ?? 16384;
    this.#batch = new RingBatch(new Uint8Array(Math.max(options.batchBytes ?? 4 << 20, blockSize)), new Uint32Array(frames * RING_META_WORDS));
  }

  recvBatch(options?: WaitOptions): Promise<RingBatch>;
  recvBatch(max: number, options?: WaitOptions & { slot?: number }): Promise<DatagramBatch>;
  async recvBatch(a?: WaitOptions | number, b?: WaitOptions & { slot?: number }): Promise<RingBatch | DatagramBatch> {
    // denonative: datagram batches (recvmmsg) for non-AF_PACKET sockets; see batch.ts.
    if (typeof a === "number") {
      checkWaitOptions(b, "recvBatch", ["slot"]);
      this.#dgrams = batchFor(this.#dgrams, a, b?.slot ?? 2048);
      const spec = this.#spec("recvBatch", b);
      return readBatch(this.backend, this.fd, this.#dgrams, a, (op) => this.#retry(READABLE, spec, op));
    }
    const options = checkWaitOptions(a, "recvBatch");
    if (this.#ring < 0) this.openRing();
    this.#ensureBound();
    const batch = this.#batch!;
    const n = await this.#retry(READABLE, this.#spec("recvBatch", options), () => {
      const r = this.backend.ringRead(this.#ring, batch.data, batch.meta);
      return r === 0 ? -EAGAIN : r;
    });
    if (n < 0) this.#fail(n, "recvBatch");
    batch.count = n;
    return batch;
  }

  pollBatch(into?: RingBatch): RingBatch {
    this.#check("recvBatch");
    if (this.#ring < 0) this.openRing();
    this.#ensureBound();
    const batch = into ?? this.#batch!;
    const r = this.backend.ringRead(this.#ring, batch.data, batch.meta);
    if (r < 0) this.#fail(r, "recvBatch");
    batch.count = r;
    return batch;
  }

  async waitReadable(options?: WaitOptions): Promise<void> {
    this.#check("poll");
    checkWaitOptions(options, "poll");
    this.#ensureBound();
    await this.#wait(READABLE, this.#spec("poll", options));
  }

  async *batches(options?: WaitOptions): AsyncIterableIterator<RingBatch> {
    while (!this.#closed) {
      let b: RingBatch;
      try {
        b = await this.recvBatch(options);
      } catch (e) {
        if (this.#closed) return;
        throw e;
      }
      yield b;
    }
  }

  async sendBatch(frames: SendFrames, address?: PacketAddress, options?: WaitOptions): Promise<number> {
    checkWaitOptions(options, "sendBatch");
    let data: Uint8Array, lengths: Uint32Array, count: number;
    if (Array.isArray(frames)) {
      const list = frames as readonly Uint8Array[];
      count = list.length;
      lengths = new Uint32Array(count);
      let total = 0;
      list.forEach((f, i) => { lengths[i] = f.length; total += f.length; });
      data = new Uint8Array(total);
      let o = 0;
      for (const f of list) { data.set(f, o); o += f.length; }
    } else {
      const p = frames as { data: Uint8Array; lengths: Uint32Array; count?: number };
      data = p.data; lengths = p.lengths; count = p.count ?? p.lengths.length;
    }
    const sa = address ? this.#encode(address, "sendmmsg") : null;
    let sent = 0, off = 0;
    const spec = this.#spec("sendmmsg", options);
    while (sent < count) {
      const r = await this.#retry(WRITABLE, spec, () =>
        this.backend.sendmmsg(this.fd, data.subarray(off), lengths.subarray(sent), count - sent, sa));
      if (r < 0) this.#fail(r, "sendmmsg", address);
      for (let i = 0; i < r; i++) off += lengths[sent + i]!;
      sent += r;
    }
    return sent;
  }
}
