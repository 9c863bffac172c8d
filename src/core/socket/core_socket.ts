/**
 * The Python-model socket, implemented once on top of a runtime's transports
 * ({@link Runtime}): the state machine that turns misuse into clear errors,
 * timeouts, AbortSignals, partial reads, UDP peer filtering, options and the
 * WHATWG streams. Adapters only supply the transports.
 *
 * @example
 * ```ts
 * import { AF_INET, CoreSocket, SOCK_STREAM } from "sockfam/internal";
 * import { runtime } from "sockfam/deno"; // an adapter's Runtime (see transport.ts)
 * const s = new CoreSocket(runtime, AF_INET, SOCK_STREAM, 0);
 * await s.connect({ host: "127.0.0.1", port: 8080 });
 * await s.sendall(new TextEncoder().encode("hello"));
 * ```
 * @module
 */
import type { InetAddress, SocketAddress } from "../address/types.ts";
import { AF_INET6, AF_UNIX, MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM, SOCK_STREAM } from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { Socket, SockOptValue, WaitOptions } from "./types.ts";
import { anyAddress, checkAddress, formatAddress, sameAddress } from "./address.ts";
import { intrinsicOption, knownOption, optionName, optNumber, recordOpenOption } from "./_options.ts";
import { checkBufsize, checkData, checkFlags, checkSendtoAddress, checkWaitOptions, timeoutMs } from "./policy.ts";
import { socketReadable, socketWritable } from "./streams.ts";
import { WRITTEN, type Datagram, type DatagramTransport, type ListenerTransport, type OpenOptions, type OptionTarget, type Runtime, type StreamTransport } from "./transport.ts";
import { ConnectOptions } from "./_connect_options.ts";
import { closedError, Turnstile, waitFor, waitGaveUp, wouldBlock, type WaitSpec } from "./_wait.ts";

type State = "fresh" | "bound" | "listening" | "connected" | "closed";

/** Linux MSG_NOSIGNAL: accepted on send (no runtime raises SIGPIPE anyway). */
const MSG_NOSIGNAL = 0x4000;

/**
 * The backlog of the runtime listener bind() opens (runtimes bind and listen in
 * one step, so a later listen(n) cannot change it; see docs/sockets.md).
 */
const DEFAULT_BACKLOG = 511;

/** The reason close() aborts its signal with (one object: an abort() without a reason builds a DOMException each time). */
const CLOSE_REASON = closedError("close");

/** Default recv() size when none is given. */
export const DEFAULT_BUFSIZE = 65536;

/**
 * The socket every adapter returns. See {@link Socket} for the method contracts.
 *
 * @example
 * ```ts
 * import { CoreSocket, AF_INET, SOCK_DGRAM } from "sockfam/internal";
 * import { runtime as myRuntime } from "sockfam/node"; // a Runtime (see transport.ts)
 * const s = new CoreSocket(myRuntime, AF_INET, SOCK_DGRAM);
 * await s.bind({ host: "127.0.0.1", port: 0 });
 * ```
 */
export class CoreSocket implements Socket {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  readonly #rt: Runtime;
  #state: State = "fresh";
  #listener: ListenerTransport | undefined;
  #stream: StreamTransport | undefined;
  #dgram: DatagramTransport | undefined;
  /** Datagram peer fixed by connect() (filtered here when the runtime has no kernel connect). */
  #peer: SocketAddress | undefined;
  #filterPeer = false;
  #open: OpenOptions = {};
  /** Options set before the runtime socket existed, applied once it does. */
  #deferred: Array<[number, number, SockOptValue]> = [];
  #tracked = new Map<string, SockOptValue>();
  #timeoutMs: number | null = null;
  readonly #rx = new Turnstile();
  readonly #tx = new Turnstile();
  #leftover: Uint8Array | null = null;
  #pendingRead: Promise<Uint8Array | null> | null = null;
  #pendingDgram: Promise<[Uint8Array, SocketAddress]> | null = null;
  #pendingAccept: Promise<StreamTransport> | null = null;
  /** The IPv6 scope (interface index) this socket was bound, connected or sent with; 0 = none. */
  #scopeIndex = 0;
  /** The size asked for by the receive that holds the turn on the fast path, and its name (for errors). */
  #want = 0;
  #wantSyscall = "recv";
  #onChunk: ((got: Uint8Array | null) => Uint8Array) | undefined;
  #onDatagram: ((got: Datagram) => Datagram) | undefined;
  #onDatagramData: ((got: Datagram) => Uint8Array) | undefined;
  #onRecvError: ((e: unknown) => never) | undefined;
  /** sendto()'s last AF_INET host and port as given, and the address checkAddress made of them. */
  #lastTo: [unknown, unknown, SocketAddress] | null = null;
  /** The port bind() asked for (0 = ephemeral). */
  #boundPort: number | undefined;
  /** A datagram bind in progress (explicit or implicit). */
  #binding: Promise<void> | null = null;
  #eof = false;
  #shutRd = false;
  #shutWr = false;
  #readable: ReadableStream<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;
  /**
   * Aborted by close(): every pending wait rejects with EBADF at once, a pending connect is abandoned.
   * Made by the first call that waits with it (a connection accepted and closed at once needs none).
   */
  #closer: AbortController | null = null;
  /** A pending stream connect's options: close() cancels it through them. */
  #connecting: ConnectOptions | null = null;
  /** The last write a cancellable send() started without waiting for it (see #sendStream). */
  #lastWrite: Promise<void> | null = null;
  #lastWriteDone = true;

  /**
   * @param runtime the adapter's transports
   * @param family AF_INET, AF_INET6 or AF_UNIX
   * @param type SOCK_STREAM or SOCK_DGRAM
   * @param proto protocol number (0 = default)
   * @param stream an already connected transport (accepted connections)
   */
  constructor(runtime: Runtime, family: number, type: number, proto = 0, stream?: StreamTransport) {
    this.#rt = runtime;
    this.family = family;
    this.type = type;
    this.proto = proto;
    if (stream) {
      this.#stream = stream;
      this.#state = "connected";
    }
  }

  /** True once close() has been called. */
  get closed(): boolean {
    return this.#state === "closed";
  }

  /** The descriptor when the runtime exposes it (Node), else -1. */
  fileno(): number {
    return this.#target()?.fd() ?? -1;
  }

  /** Bytes held in user space by the runtime: received-unread and written-unsent (stream sockets). */
  get bufferedAmount(): { recv: number; send: number } {
    const b = this.#stream?.buffered() ?? { recv: 0, send: 0 };
    return { recv: b.recv + (this.#leftover?.length ?? 0), send: b.send };
  }

  // ---- helpers -------------------------------------------------------------

  #err(code: string, syscall: string, why: string, address?: unknown): SocketError {
    return new SocketError(code, `${syscall}: ${why}`, { syscall, address });
  }

  #live(syscall: string): void {
    if (this.closed) throw this.#err("EBADF", syscall, "the socket is closed");
  }

  #spec(syscall: string, options?: WaitOptions, address?: unknown, flags = 0): WaitSpec {
    return { signal: options?.signal, timeoutMs: flags & MSG_DONTWAIT ? 0 : this.#timeoutMs, closed: this.#closedSignal(), syscall, address };
  }

  /** The signal close() aborts (made on first use; already aborted once closed). */
  #closedSignal(): AbortSignal {
    if (!this.#closer) {
      this.#closer = new AbortController();
      if (this.closed) this.#closer.abort(CLOSE_REASON);
    }
    return this.#closer.signal;
  }

  /** True when a call must go through waitFor (signal, timeout or MSG_DONTWAIT). */
  #waits(options: WaitOptions | undefined, flags: number): boolean {
    return options?.signal !== undefined || this.#timeoutMs !== null || (flags & MSG_DONTWAIT) !== 0;
  }

  /** Unsupported flag bits are an error, never silently ignored. */
  #checkFlags(flags: number, allowed: number, syscall: string): void {
    if (flags !== 0) checkFlags(flags, allowed, syscall, this.#kind());
  }

  /**
   * An IPv6 address with a scope, as the runtimes take it: "host%ifname"
   * (both resolve the name; Node does not take an index), scopeId the index.
   * The interface must exist: ENODEV otherwise.
   */
  #zoned(a: SocketAddress, syscall: string): SocketAddress {
    const ia = a as InetAddress;
    if (this.family !== AF_INET6 || ia.scopeId === undefined) return a;
    if (this.#rt.scopeIndex) {
      const index = this.#rt.scopeIndex(ia.scopeId);
      if (!index) throw this.#err("ENODEV", syscall, `no network interface ${JSON.stringify(ia.scopeId)} for IPv6 scope ${JSON.stringify(ia.scopeId)} (list them with \`ip -6 addr\`)`, a);
      this.#scopeIndex ||= index;
      return { ...ia, scopeId: index };
    }
    let map: Map<string, number> | undefined;
    try { map = this.#rt.interfaceIndexes?.(); } catch { map = undefined; } // e.g. Deno without --allow-sys
    if (!map) throw this.#err("ENOTSUP", syscall, `${this.#rt.name} cannot list network interfaces, so it cannot apply IPv6 scope ${JSON.stringify(ia.scopeId)}`, a);
    let index: number | undefined, name: string | undefined;
    if (typeof ia.scopeId === "number") {
      index = ia.scopeId;
      for (const [n, i] of map) if (i === index) { name = n; break; }
    } else {
      name = ia.scopeId;
      index = map.get(name);
    }
    if (index === undefined || name === undefined) {
      throw this.#err("ENODEV", syscall, `no network interface ${JSON.stringify(ia.scopeId)} with an IPv6 address for scope ${JSON.stringify(ia.scopeId)} (list them with \`ip -6 addr\`)`, a);
    }
    this.#scopeIndex ||= index;
    return { ...ia, host: `${ia.host}%${name}`, scopeId: index };
  }

  /** A returned IPv6 address with its scope: from the runtime's "host%ifname", else this socket's own scope for link-local hosts. */
  #out(a: SocketAddress): SocketAddress {
    const ia = a as InetAddress;
    if (this.family !== AF_INET6 || typeof ia.host !== "string") return a;
    const pct = ia.host.indexOf("%");
    if (pct >= 0) {
      const zone = ia.host.slice(pct + 1);
      const index = /^\d+$/.test(zone) ? Number(zone) : this.#interfaceIndex(zone);
      return { ...ia, host: ia.host.slice(0, pct), scopeId: index };
    }
    if (this.#scopeIndex && !ia.scopeId && /^fe[89ab]/i.test(ia.host)) return { ...ia, scopeId: this.#scopeIndex };
    return a;
  }

  #interfaceIndex(name: string): number {
    try { return this.#rt.interfaceIndexes?.().get(name) ?? 0; } catch { return 0; }
  }

  #target(): OptionTarget | undefined {
    return this.#stream ?? this.#listener ?? this.#dgram;
  }

  #wrap(e: unknown, syscall: string, address?: unknown): unknown {
    if (e instanceof SocketError) return e;
    return this.#rt.error(e, syscall, address);
  }

  /** Applies options recorded before the runtime socket existed; closes it on failure. */
  async #applyDeferred(t: OptionTarget, close: () => void): Promise<void> {
    let i = 0;
    try {
      for (; i < this.#deferred.length; i++) {
        const [level, opt, value] = this.#deferred[i]!;
        await this.#apply(t, level, opt, value);
      }
    } catch (e) {
      // Reported once: the option is dropped, so the next bind/connect is not poisoned by it.
      const [level, opt] = this.#deferred[i]!;
      this.#deferred.splice(i, 1);
      this.#tracked.delete(`${level}:${opt}`);
      close();
      if (e instanceof SocketError) {
        throw new SocketError(e.code, `${e.message} (the option was set before bind/connect and is applied then)`, { syscall: e.syscall, address: e.address });
      }
      throw e;
    }
  }

  async #bindDatagram(address: SocketAddress, syscall: string): Promise<void> {
    let t: DatagramTransport;
    try {
      t = await this.#rt.bindDatagram(this.family, address, this.#open);
    } catch (e) {
      throw this.#wrap(e, syscall, address);
    }
    await this.#applyDeferred(t, () => t.close());
    if (this.closed) { t.close(); throw this.#err("EBADF", syscall, "the socket was closed during bind"); }
    this.#dgram = t;
    if (this.#state === "fresh") this.#state = "bound";
  }

  /** Binds a datagram socket to the wildcard once, however many calls need it at the same time. */
  #autobind(syscall: string): Promise<void> {
    if (this.#dgram) return Promise.resolve();
    return this.#binding ??= this.#bindDatagram(anyAddress(this.family), syscall).finally(() => (this.#binding = null));
  }

  // ---- lifecycle -----------------------------------------------------------

  /** Binds to a local address. Stream sockets start listening in the runtime at once (see README). */
  async bind(address: SocketAddress): Promise<void> {
    this.#live("bind");
    if (this.#state !== "fresh" || this.#dgram) throw this.#err("EINVAL", "bind", `the socket is already bound (to ${formatAddress(this.getsockname())}); create a new socket to bind again`, address);
    const a = this.#zoned(checkAddress(this.family, address, "bind"), "bind");
    if (this.type === SOCK_DGRAM) {
      if (this.#binding) throw this.#err("EINVAL", "bind", "the socket is already being bound (by an earlier bind, sendto or connect)", address);
      return this.#binding = this.#bindDatagram(a, "bind").finally(() => (this.#binding = null));
    }
    this.#state = "bound";
    this.#boundPort = (a as InetAddress).port;
    try {
      const l = await this.#rt.listen(this.family, a, { ...this.#open, backlog: this.#open.backlog ?? DEFAULT_BACKLOG });
      await this.#applyDeferred(l, () => l.close());
      if (this.closed) { l.close(); throw this.#err("EBADF", "bind", "the socket was closed during bind"); }
      this.#listener = l;
    } catch (e) {
      if (this.#state === "bound") this.#state = "fresh";
      throw this.#wrap(e, "bind", a);
    }
  }

  /** Starts accepting connections; binds to the wildcard address first if needed. */
  async listen(backlog?: number): Promise<void> {
    this.#live("listen");
    if (this.type !== SOCK_STREAM) throw this.#err("EOPNOTSUPP", "listen", "only stream sockets listen; datagram sockets just bind() and recvfrom()");
    if (this.#state === "listening") return;
    if (this.#state === "connected") throw this.#err("EINVAL", "listen", "the socket is connected; listen on a new socket");
    if (backlog !== undefined) {
      if (!Number.isInteger(backlog) || backlog < 0) throw this.#err("EINVAL", "listen", `backlog must be a non-negative integer, got ${backlog}`);
      this.#open.backlog = Math.max(backlog, 1);
    }
    if (this.#state === "fresh") {
      if (this.family === AF_UNIX) throw this.#err("EINVAL", "listen", "bind() an AF_UNIX socket to a path before listen()");
      await this.bind(anyAddress(this.family));
    }
    this.#state = "listening";
  }

  /** Waits for a connection and resolves to `[connection, peerAddress]`. */
  async accept(options?: WaitOptions): Promise<[Socket, SocketAddress]> {
    this.#live("accept");
    checkWaitOptions(options, "accept");
    if (this.type !== SOCK_STREAM) throw this.#err("EOPNOTSUPP", "accept", "only stream sockets accept connections");
    if (this.#state !== "listening") throw this.#err("EINVAL", "accept", "call listen() before accept()");
    if (!this.#rx.tryEnter()) await this.#rx.enter(this.#spec("accept", options));
    try {
      const p = this.#pendingAccept ??= this.#listener!.accept();
      let t: StreamTransport;
      try {
        // Without a signal or timeout nothing but close() ends the wait, and close() closes the
        // listener, whose pending accept then rejects: no wrapper promise needed.
        t = this.#waits(options, 0) ? await waitFor(p, this.#spec("accept", options)) : await p;
      } catch (e) {
        if (p !== this.#pendingAccept) throw e;
        if (!waitGaveUp(e, "accept")) this.#pendingAccept = null;
        throw this.closed ? this.#err("EBADF", "accept", "the socket was closed while accepting") : this.#wrap(e, "accept");
      }
      this.#pendingAccept = null;
      const conn = new CoreSocket(this.#rt, this.family, this.type, this.proto, t);
      conn.#scopeIndex = this.#scopeIndex;
      return [conn, this.#out(t.remoteAddress())];
    } finally {
      this.#rx.leave();
    }
  }

  /** Connects a stream socket, or fixes the peer of a datagram socket. */
  async connect(address: SocketAddress, options?: WaitOptions): Promise<void> {
    this.#live("connect");
    checkWaitOptions(options, "connect");
    const a = this.#zoned(checkAddress(this.family, address, "connect"), "connect");
    if (this.type === SOCK_DGRAM) return this.#connectDatagram(a, options);
    if (this.#state === "connected") throw this.#err("EISCONN", "connect", `already connected to ${formatAddress(this.getpeername())}`, a);
    if (this.#state === "listening") throw this.#err("EINVAL", "connect", "the socket is listening; connect from a new socket", a);
    // Dropped once the connect settles, so that close() of a connected socket cancels nothing.
    const open = this.#connecting = new ConnectOptions(this.#open, options?.signal);
    if (this.#listener) {
      if (this.family === AF_UNIX) throw this.#err("EOPNOTSUPP", "connect", `${this.#rt.name} cannot connect from a bound AF_UNIX socket; connect without bind()`, a);
      open.local = this.#listener.localAddress();
      open.localEphemeral = this.#boundPort === 0;
      this.#listener.close();
      this.#listener = undefined;
    }
    const prev = this.#state;
    this.#state = "connected";
    const p = this.#rt.connect(this.family, a, open);
    let t: StreamTransport;
    try {
      // The runtime's connect rejects when the caller's signal aborts or close() cancels it: only a
      // timeout needs the wrapper.
      t = this.#waits(options, 0) ? await waitFor(p, this.#spec("connect", options, a)) : await p;
    } catch (e) {
      this.#connecting = null;
      p.then((late) => late.close(), () => {});
      if (this.#state === "connected") this.#state = prev === "bound" ? "fresh" : prev;
      throw this.closed ? this.#err("EBADF", "connect", "the socket was closed while connecting", a) : this.#wrap(e, "connect", a);
    }
    this.#connecting = null;
    if (this.closed) { t.close(); throw this.#err("EBADF", "connect", "the socket was closed while connecting", a); }
    if (this.#deferred.length) await this.#applyDeferred(t, () => t.close());
    this.#stream = t;
  }

  async #connectDatagram(a: SocketAddress, options?: WaitOptions): Promise<void> {
    await this.#autobind("connect");
    const t = this.#dgram!;
    if (t.connect) {
      try {
        await waitFor(t.connect(a), this.#spec("connect", options, a));
      } catch (e) {
        throw this.#wrap(e, "connect", a);
      }
      this.#filterPeer = false;
    } else this.#filterPeer = true;
    this.#peer = a;
    this.#state = "connected";
  }

  /** Closes the socket; waiting calls reject with EBADF. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.#state = "closed";
    this.#closer?.abort(CLOSE_REASON);
    this.#connecting?.close();
    this.#listener?.close();
    // Bytes a send() reported sent may still be on their way: the transport delivers them first.
    const last = this.#lastWrite;
    if (last && !this.#lastWriteDone) this.#stream?.close(last);
    else this.#stream?.close();
    this.#dgram?.close();
  }

  /** Closes the socket (for `await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Shuts down reading (SHUT_RD), writing (SHUT_WR, sends FIN) or both. */
  async shutdown(how: number): Promise<void> {
    this.#live("shutdown");
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) throw this.#err("EINVAL", "shutdown", `how must be SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2), got ${how}`);
    if (!this.#stream) throw this.#err("ENOTCONN", "shutdown", this.type === SOCK_DGRAM ? "datagram sockets have no connection to shut down; close() instead" : "the socket is not connected");
    if (how !== SHUT_WR && !this.#shutRd) {
      this.#shutRd = true;
      this.#stream.closeRead();
    }
    if (how !== SHUT_RD && !this.#shutWr) {
      this.#shutWr = true;
      // The FIN goes after every byte a send() reported sent; if writing them failed, shutdown says so.
      const last = this.#lastWrite;
      this.#lastWrite = null;
      try {
        if (last) await last;
        await this.#stream.closeWrite();
      } catch (e) {
        throw this.#wrap(e, "shutdown");
      }
    }
  }

  // ---- sending ----------------------------------------------------------------

  /** Sends bytes; resolves to the number accepted (all of them: the runtime buffers with backpressure). */
  send(data: Uint8Array, flags = 0, options?: WaitOptions): Promise<number> {
    try {
      this.#live("send");
      checkData(data, "send");
      checkWaitOptions(options, "send");
      this.#checkFlags(flags, MSG_DONTWAIT | MSG_NOSIGNAL, "send");
      if (this.type === SOCK_DGRAM) {
        if (!this.#peer) throw this.#err("EDESTADDRREQ", "send", "the datagram socket has no peer: connect() it first or use sendto(data, address)");
        return this.#sendDatagram(data, this.#filterPeer ? this.#peer : undefined, options, "send");
      }
    } catch (e) {
      return Promise.reject(e);
    }
    const t = this.#stream;
    if (t && !this.#shutWr && !this.#lastWrite && !this.#waits(options, flags) && this.#tx.tryEnter()) {
      // The common send: nothing to cancel, no earlier write to wait for, nobody queued: one promise
      // (a settled one when the runtime took the data at once).
      const w = t.write(data);
      if (w === WRITTEN) {
        this.#tx.leave();
        return Promise.resolve(data.length);
      }
      return w.then(() => {
        this.#tx.leave();
        return data.length;
      }, (e) => {
        this.#tx.leave();
        throw this.#sendError(e, "send");
      });
    }
    return this.#sendStream(data, flags, options);
  }

  async #sendStream(data: Uint8Array, flags: number, options?: WaitOptions): Promise<number> {
    const t = this.#stream;
    if (!t) throw this.#err("ENOTCONN", "send", this.#state === "listening" ? "the socket is listening: send on a connection returned by accept()" : "the socket is not connected: connect() first");
    if (this.#shutWr) throw this.#err("EPIPE", "send", "the socket was shut down for writing (SHUT_WR)");
    const cancellable = this.#waits(options, flags);
    const spec = this.#spec("send", options, undefined, flags);
    if (!this.#tx.tryEnter()) await this.#tx.enter(spec);
    try {
      if (!cancellable) {
        const prev = this.#lastWrite;
        this.#lastWrite = null;
        if (prev) await prev;
        await t.write(data);
        return data.length;
      }
      // A send that may give up (timeout, signal, MSG_DONTWAIT) first waits for room — the previous
      // write drained — and only then hands the data over; it does not wait for this write to drain.
      // So a send that rejects has sent nothing, and one that resolves has sent everything (as Python's
      // send reports what it sent). The next send waits for this write.
      const prev = this.#lastWrite;
      if (prev) {
        if (spec.timeoutMs === 0 && !this.#lastWriteDone) throw wouldBlock("send");
        await waitFor(prev, spec);
        this.#lastWrite = null;
      }
      const p = t.write(data);
      this.#lastWriteDone = false;
      this.#lastWrite = p.then(() => { this.#lastWriteDone = true; });
      this.#lastWrite.catch(() => {}); // seen by the next send (the transport latches its error)
      return data.length;
    } catch (e) {
      throw waitGaveUp(e, "send") ? e : this.#sendError(e, "send");
    } finally {
      this.#tx.leave();
    }
  }

  /**
   * Sends every byte of `data`, waiting for the peer to read as needed. It resolves once the
   * runtime has written all of it to the kernel; with a timeout or signal, a sendall that gives
   * up may have sent part of the data (as Python's: the amount is not known).
   */
  sendall(data: Uint8Array, flags = 0, options?: WaitOptions): Promise<void> {
    const sent = this.send(data, flags, options);
    if (this.type === SOCK_DGRAM || !this.#waits(options, flags)) return sent.then(nothing);
    // A send that may give up resolves once the runtime took the data; sendall waits for it to be written.
    const start = this.#timeoutMs === null ? 0 : Date.now();
    return sent.then(() => {
      const last = this.#lastWrite;
      if (!last || this.#lastWriteDone) return;
      const spec = this.#spec("sendall", options, undefined, flags);
      if (spec.timeoutMs) spec.timeoutMs = Math.max(1, spec.timeoutMs - (Date.now() - start));
      return waitFor(last, spec).then(nothing, (e) => {
        throw waitGaveUp(e, "sendall") ? e : this.#sendError(e, "sendall");
      });
    });
  }

  /** What a failed send rejects with: EBADF once the socket is closed, else the runtime's error as a SocketError. */
  #sendError(e: unknown, syscall: string): unknown {
    return this.closed ? closedError(syscall) : this.#wrap(e, syscall, this.#peerOrUndefined());
  }

  /** Sends a datagram to `address` (datagram sockets only). */
  sendto(data: Uint8Array, address: SocketAddress, options?: WaitOptions): Promise<number> {
    let a: SocketAddress;
    try {
      this.#live("sendto");
      checkSendtoAddress(address);
      if (this.type !== SOCK_DGRAM) {
        throw this.#err(this.#stream ? "EISCONN" : "ENOTCONN", "sendto", "sendto() with an address is for datagram sockets; on a stream socket connect() and send()", address);
      }
      if (this.#peer) throw this.#err("EISCONN", "sendto", `the datagram socket is connected to ${formatAddress(this.#peer)}: use send()`, address);
      checkData(data, "sendto");
      checkWaitOptions(options, "sendto");
      a = this.#destination(address);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#sendDatagram(data, a, options, "sendto");
  }

  /**
   * sendto()'s checked address. An AF_INET host and port like the last ones reuse that check (an
   * echo server answers one peer many times); other addresses are checked each time.
   */
  #destination(address: SocketAddress): SocketAddress {
    const ia = address as InetAddress;
    const last = this.#lastTo;
    if (last && address !== null && typeof address === "object" && ia.host === last[0] && ia.port === last[1]) return last[2];
    const a = this.#zoned(checkAddress(this.family, address, "sendto"), "sendto");
    if (this.family !== AF_INET6) this.#lastTo = [ia.host, ia.port, a];
    return a;
  }

  #sendDatagram(data: Uint8Array, address: SocketAddress | undefined, options: WaitOptions | undefined, syscall: string): Promise<number> {
    // No async wrapper on the hot path: one promise per datagram, the runtime's.
    const t = this.#dgram;
    if (!t) return this.#autobind(syscall).then(() => this.#sendDatagram(data, address, options, syscall));
    // The runtime's datagram send settles at once (the kernel queues or drops), so it is not raced
    // against the timeout: a send that rejects must not have sent. An aborted signal stops it before.
    if (options?.signal?.aborted) return waitFor(Promise.resolve(0), this.#spec(syscall, options, address));
    return t.send(data, address, (e) => this.closed ? this.#err("EBADF", syscall, "the socket was closed while sending") : this.#wrap(e, syscall, address ?? this.#peer));
  }

  #peerOrUndefined(): SocketAddress | undefined {
    try { return this.#stream?.remoteAddress(); } catch { return undefined; }
  }

  // ---- receiving -------------------------------------------------------------

  #recvCheck(syscall: string): void {
    this.#live(syscall);
    if (this.type === SOCK_STREAM && !this.#stream) {
      throw this.#err("ENOTCONN", syscall, this.#state === "listening"
        ? "the socket is listening: accept() a connection and receive on that"
        : "the socket is not connected: connect() first");
    }
    if (this.type === SOCK_DGRAM && !this.#dgram) {
      throw this.#err("EINVAL", syscall, "the datagram socket is not bound, so nothing can arrive: bind() (or sendto()) first");
    }
  }

  /** Receives up to `bufsize` bytes; an empty array at the end of the stream. */
  recv(bufsize = DEFAULT_BUFSIZE, flags = 0, options?: WaitOptions): Promise<Uint8Array> {
    // Not async: one promise fewer per call on the hot path; errors still arrive as rejections.
    try {
      this.#recvCheck("recv");
      checkBufsize(bufsize, "recv");
      checkWaitOptions(options, "recv");
      this.#checkFlags(flags, this.type === SOCK_STREAM ? MSG_PEEK | MSG_DONTWAIT | MSG_WAITALL : MSG_PEEK | MSG_DONTWAIT, "recv");
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.type === SOCK_DGRAM) {
      return flags || this.#waits(options, 0) || !this.#rx.tryEnter()
        ? this.#recvDatagram(bufsize, options, "recv", flags).then(first)
        : this.#nextDatagram(bufsize, "recv", true);
    }
    if (flags & MSG_WAITALL) return this.#recvAll(bufsize, flags & ~MSG_WAITALL, options);
    if (flags || this.#leftover || this.#pendingRead || this.#eof || this.#shutRd || bufsize === 0 || this.#waits(options, 0) || !this.#rx.tryEnter()) {
      return this.#recvStream(bufsize, flags, options);
    }
    // The common recv: nothing to cancel, nothing held back, nobody queued: one promise, no async frame
    // (and no closure: the handlers are made once, the size is kept while this call holds the turn).
    this.#want = bufsize;
    this.#wantSyscall = "recv";
    return this.#stream!.read(this.#onChunk ??= (got) => this.#tookChunk(got), this.#onRecvError ??= (e) => this.#recvFailed(e));
  }

  /** The fast recv's result: the chunk (beyond the wanted size kept for the next call), empty at the end. */
  #tookChunk(got: Uint8Array | null): Uint8Array {
    let out = got;
    if (out === null) {
      this.#eof = true;
      out = new Uint8Array(0);
    } else if (out.length > this.#want) {
      this.#leftover = out.subarray(this.#want);
      out = out.subarray(0, this.#want);
    }
    this.#rx.leave();
    return out;
  }

  #recvFailed(e: unknown): never {
    this.#rx.leave();
    throw this.#recvError(e, this.#wantSyscall);
  }

  /** Receives a datagram and its sender (stream sockets: data and the peer). */
  recvfrom(bufsize = DEFAULT_BUFSIZE, flags = 0, options?: WaitOptions): Promise<[Uint8Array, SocketAddress]> {
    try {
      this.#recvCheck("recvfrom");
      checkBufsize(bufsize, "recvfrom");
      checkWaitOptions(options, "recvfrom");
      this.#checkFlags(flags, MSG_PEEK | MSG_DONTWAIT, "recvfrom");
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.type === SOCK_DGRAM) {
      return flags || this.#waits(options, 0) || !this.#rx.tryEnter()
        ? this.#recvDatagram(bufsize, options, "recvfrom", flags)
        : this.#nextDatagram(bufsize, "recvfrom", false);
    }
    return this.#recvStream(bufsize, flags, options).then((data) => [data, this.#out(this.#stream!.remoteAddress())]);
  }

  /** Receives into `buffer` (up to `nbytes`); resolves to the byte count, 0 at the end of the stream. */
  async recvInto(buffer: Uint8Array, nbytes = 0, flags = 0, options?: WaitOptions): Promise<number> {
    if (!(buffer instanceof Uint8Array)) throw this.#err("EINVAL", "recvInto", "buffer must be a Uint8Array");
    checkBufsize(nbytes, "recvInto");
    checkWaitOptions(options, "recvInto");
    const n = nbytes > 0 ? Math.min(nbytes, buffer.length) : buffer.length;
    const t = this.#stream;
    if (t?.readInto && !flags && !options?.signal && this.#timeoutMs === null && !this.#leftover && !this.#pendingRead) {
      // Zero-copy path: nothing to cancel, so the runtime may read straight into the caller's buffer.
      this.#recvCheck("recvInto");
      if (this.#eof || this.#shutRd || n === 0) return 0;
      if (!this.#rx.tryEnter()) await this.#rx.enter(this.#spec("recv"));
      try {
        if (!this.#leftover && !this.#pendingRead) {
          const got = await t.readInto(n === buffer.length ? buffer : buffer.subarray(0, n));
          if (got === null) this.#eof = true;
          return got ?? 0;
        }
      } catch (e) {
        throw this.closed ? this.#err("EBADF", "recv", "the socket was closed while receiving") : this.#wrap(e, "recv", this.#peerOrUndefined());
      } finally {
        this.#rx.leave();
      }
    }
    const data = await this.recv(n, flags, options);
    buffer.set(data);
    return data.length;
  }

  /** The error a failed receive rejects with. */
  #recvError(e: unknown, syscall: string): unknown {
    if (this.closed) return this.#err("EBADF", syscall, "the socket was closed while receiving");
    return this.#wrap(e, syscall, this.type === SOCK_STREAM ? this.#peerOrUndefined() : undefined);
  }

  /**
   * The next datagram (from the connected peer) for a receive that holds the turn and cannot be
   * cancelled: one promise per datagram, no async frame. Gives the turn back when it settles.
   */
  #nextDatagram(bufsize: number, syscall: string, dataOnly: true): Promise<Uint8Array>;
  #nextDatagram(bufsize: number, syscall: string, dataOnly: false): Promise<[Uint8Array, SocketAddress]>;
  #nextDatagram(bufsize: number, syscall: string, dataOnly: boolean): Promise<Uint8Array | [Uint8Array, SocketAddress]> {
    this.#want = bufsize;
    this.#wantSyscall = syscall;
    const failed = this.#onRecvError ??= (e) => this.#recvFailed(e);
    const took: (d: Datagram) => Uint8Array | Datagram = dataOnly
      ? this.#onDatagramData ??= (got) => this.#tookDatagram(got)[0]
      : this.#onDatagram ??= (got) => this.#tookDatagram(got);
    // The transport calls `took` from its own event: one promise per datagram.
    if (!this.#pendingDgram && !this.#filterPeer) return this.#dgram!.receive(took, failed);
    return this.#receiveDatagram().then(took, failed);
  }

  /** The next datagram from the runtime, skipping those from other peers than the connected one. */
  #receiveDatagram(): Promise<Datagram> {
    const p = this.#pendingDgram ?? this.#dgram!.receive();
    this.#pendingDgram = null;
    if (!this.#filterPeer) return p;
    return p.then((got) => this.#peer && !matchesPeer(got[1], this.#peer) ? this.#receiveDatagram() : got);
  }

  /** The fast receive's datagram, cut to the wanted size, with its sender. */
  #tookDatagram(got: [Uint8Array, SocketAddress]): [Uint8Array, SocketAddress] {
    this.#rx.leave();
    const [data, from] = got;
    if (data.length <= this.#want && this.family !== AF_INET6) return got;
    return [data.length > this.#want ? data.subarray(0, this.#want) : data, this.family === AF_INET6 ? this.#out(from) : from];
  }

  async #recvStream(bufsize: number, flags: number, options?: WaitOptions): Promise<Uint8Array> {
    if (!this.#rx.tryEnter()) await this.#rx.enter(this.#spec("recv", options));
    try {
      let chunk = this.#leftover;
      if (!chunk) {
        if (this.#eof || this.#shutRd || bufsize === 0) return new Uint8Array(0);
        const p = this.#pendingRead ??= this.#stream!.read();
        let got: Uint8Array | null;
        try {
          got = this.#waits(options, flags) ? await waitFor(p, this.#spec("recv", options, undefined, flags)) : await p;
        } catch (e) {
          if (this.#pendingRead === p && !waitGaveUp(e, "recv")) this.#pendingRead = null;
          if (this.closed) throw this.#err("EBADF", "recv", "the socket was closed while receiving");
          throw this.#wrap(e, "recv", this.#peerOrUndefined());
        }
        this.#pendingRead = null;
        if (got === null) {
          this.#eof = true;
          return new Uint8Array(0);
        }
        chunk = got;
      }
      if (flags & MSG_PEEK) {
        this.#leftover = chunk;
        return chunk.slice(0, bufsize);
      }
      if (chunk.length > bufsize) {
        this.#leftover = chunk.subarray(bufsize);
        return chunk.subarray(0, bufsize);
      }
      this.#leftover = null;
      return chunk;
    } finally {
      this.#rx.leave();
    }
  }

  /** MSG_WAITALL: keeps receiving until `bufsize` bytes or the end of the stream. */
  async #recvAll(bufsize: number, flags: number, options?: WaitOptions): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let n = 0;
    while (n < bufsize) {
      const d = await this.#recvStream(bufsize - n, flags, options);
      if (d.length === 0) break;
      parts.push(d);
      n += d.length;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }

  async #recvDatagram(bufsize: number, options: WaitOptions | undefined, syscall: string, flags = 0): Promise<[Uint8Array, SocketAddress]> {
    if (!this.#rx.tryEnter()) await this.#rx.enter(this.#spec(syscall, options));
    try {
      for (;;) {
        const p = this.#pendingDgram ??= this.#dgram!.receive();
        let got: [Uint8Array, SocketAddress];
        try {
          got = this.#waits(options, flags) ? await waitFor(p, this.#spec(syscall, options, undefined, flags)) : await p;
        } catch (e) {
          if (this.#pendingDgram === p && !waitGaveUp(e, syscall)) this.#pendingDgram = null;
          if (this.closed) throw this.#err("EBADF", syscall, "the socket was closed while receiving");
          throw this.#wrap(e, syscall);
        }
        this.#pendingDgram = null;
        if (this.#filterPeer && this.#peer && !matchesPeer(got[1], this.#peer)) continue;
        if (flags & MSG_PEEK) this.#pendingDgram = Promise.resolve(got); // the next receive gets it again
        const [data, from] = got;
        return [data.length > bufsize ? data.subarray(0, bufsize) : data, this.family === AF_INET6 ? this.#out(from) : from];
      }
    } finally {
      this.#rx.leave();
    }
  }

  /** Received chunks (stream) or datagrams until the end of the stream or close(). */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      let data: Uint8Array;
      try {
        data = await this.recv();
      } catch (e) {
        if (e instanceof SocketError && e.code === "EBADF" && this.closed) return;
        throw e;
      }
      if (data.length === 0 && this.type === SOCK_STREAM) return;
      yield data;
    }
  }

  // ---- addresses, options, timeouts ---------------------------------------

  /** The local address ({ host: "0.0.0.0", port: 0 } before bind, as in Linux). */
  getsockname(): SocketAddress {
    this.#live("getsockname");
    const t = this.#target();
    return t ? this.#out(t.localAddress()) : anyAddress(this.family);
  }

  /** The peer address; ENOTCONN if there is none. */
  getpeername(): SocketAddress {
    this.#live("getpeername");
    if (this.#stream) return this.#out(this.#stream.remoteAddress());
    if (this.#peer) return this.#out(this.#peer);
    throw this.#err("ENOTCONN", "getpeername", "the socket is not connected");
  }

  // settimeout/gettimeout/setblocking/getblocking: the same few lines in CoreSocket and NativeSocket on
  // purpose (two classes with their own private state and no common base); the rule lives once, timeoutMs().
  /** Timeout in seconds for every waiting call (null = wait forever, 0 = never wait: EAGAIN). */
  settimeout(seconds: number | null): void {
    this.#live("settimeout");
    this.#timeoutMs = timeoutMs(seconds);
  }

  /** Current timeout in seconds, or null. */
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

  /**
   * Sets an option with the runtime's API, else through the native shim on the
   * descriptor, else throws ENOPROTOOPT naming the runtime. Returns a promise
   * when the runtime applies the option asynchronously (Deno multicast): await it.
   */
  setsockopt(level: number, option: number, value: SockOptValue): void | Promise<void> {
    this.#live("setsockopt");
    const key = `${level}:${option}`;
    const t = this.#target();
    if (!t) {
      if (!knownOption(level, option)) {
        throw new SocketError("ENOPROTOOPT", `setsockopt(${optionName(level, option)}): unknown option (sockfam applies options set before bind/connect once the socket exists, so it only accepts the options it knows then: set this one after bind()/connect())`, { syscall: "setsockopt" });
      }
      if (!recordOpenOption(this.#open, level, option, value)) this.#deferred.push([level, option, value]);
      this.#tracked.set(key, value);
      return;
    }
    const r = this.#apply(t, level, option, value);
    if (r instanceof Promise) return r.then(() => void this.#tracked.set(key, value));
    this.#tracked.set(key, value);
  }

  #apply(t: OptionTarget, level: number, option: number, value: SockOptValue): void | Promise<void> {
    const done = (ok: boolean): void => {
      if (ok) return;
      const fd = t.fd();
      if (fd >= 0 && this.#rt.nativeSetsockopt(fd, level, option, value)) return;
      throw new SocketError("ENOPROTOOPT", `setsockopt(${optionName(level, option)}): ${this.#rt.name} has no API for this option on a ${this.#kind()} socket${this.#whenHint(level, option)}; ${this.#rt.optionHint}`, { syscall: "setsockopt" });
    };
    let r: boolean | Promise<boolean>;
    try {
      r = t.setOption(level, option, value);
    } catch (e) {
      throw this.#wrap(e, "setsockopt");
    }
    if (r instanceof Promise) return r.then(done, (e) => { throw this.#wrap(e, "setsockopt"); });
    done(r);
  }

  #whenHint(level: number, option: number): string {
    return recordOpenOption({}, level, option, 0) ? " once the socket is bound (set it before bind()/connect())" : "";
  }

  #kind(): string {
    const fam = this.family === AF_UNIX ? "AF_UNIX" : this.family === AF_INET6 ? "AF_INET6" : "AF_INET";
    return `${fam} ${this.type === SOCK_STREAM ? (this.#listener ? "listening SOCK_STREAM" : "SOCK_STREAM") : "SOCK_DGRAM"}`;
  }

  /** Reads an option: from the socket's own state, the runtime, the native shim, or the value set earlier. */
  getsockopt(level: number, option: number, buflen?: number): SockOptValue {
    this.#live("getsockopt");
    const own = intrinsicOption(level, option, { family: this.family, type: this.type, proto: this.proto, listening: this.#state === "listening" });
    if (own !== undefined) return own;
    const t = this.#target();
    if (t) {
      const v = t.getOption(level, option);
      if (v !== undefined) return optNumber(v);
      const fd = t.fd();
      if (fd >= 0) {
        const n = this.#rt.nativeGetsockopt(fd, level, option, buflen);
        if (n !== undefined) return n;
      }
    }
    const v = this.#tracked.get(`${level}:${option}`);
    if (v !== undefined) return optNumber(v);
    throw new SocketError("ENOPROTOOPT", `getsockopt(${optionName(level, option)}): ${this.#rt.name} cannot read this option on a ${this.#kind()} socket; ${this.#rt.optionHint}`, { syscall: "getsockopt" });
  }

  // ---- streams ----------------------------------------------------------------

  /** A ReadableStream of received bytes; pulls only when the consumer wants more (backpressure). */
  get readable(): ReadableStream<Uint8Array> {
    if (this.type !== SOCK_STREAM) throw this.#err("EOPNOTSUPP", "readable", "readable/writable streams are for stream sockets; iterate a datagram socket with for await");
    return this.#readable ??= socketReadable(this);
  }

  /** A WritableStream that sends bytes; its close() sends FIN (SHUT_WR). */
  get writable(): WritableStream<Uint8Array> {
    if (this.type !== SOCK_STREAM) throw this.#err("EOPNOTSUPP", "writable", "readable/writable streams are for stream sockets; use send()/sendto() on a datagram socket");
    return this.#writable ??= socketWritable(this);
  }
}

/** For `.then` where the value is not passed on. */
function nothing(): void {}

/** First element of a [data, address] pair. */
function first(pair: [Uint8Array, SocketAddress]): Uint8Array {
  return pair[0];
}

/** Peer filter for runtimes without a kernel UDP connect ("localhost" matches the loopback addresses). */
function matchesPeer(from: SocketAddress, peer: SocketAddress): boolean {
  if (sameAddress(from, peer)) return true;
  const p = peer as InetAddress, f = from as InetAddress;
  return p.host === "localhost" && p.port === f.port && (f.host === "127.0.0.1" || f.host === "::1" || f.host === "::ffff:127.0.0.1");
}
