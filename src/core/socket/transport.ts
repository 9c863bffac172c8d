/**
 * The per-runtime transport surface: the few members an adapter (node, deno,
 * native shim) implements so that {@link CoreSocket} can give every runtime the
 * same Python-model socket. Everything else — state checks, timeouts, abort
 * signals, partial reads, streams, option bookkeeping — lives in the core.
 *
 * @example
 * ```ts
 * import type { Runtime } from "sockfam/internal";
 * import { runtime } from "sockfam/deno";
 * const rt: Runtime = runtime; // an adapter's implementation
 * const listener = await rt.listen(2, { host: "127.0.0.1", port: 0 }, { backlog: 16 });
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";
import type { SockOptValue } from "./types.ts";
import type { SocketError } from "../errors.ts";

/** Option access shared by every transport. */
export interface OptionTarget {
  /**
   * Applies an option with the runtime's own API. Returns false when the runtime
   * has no API for it (the core then tries the native shim, then throws).
   */
  setOption(level: number, option: number, value: SockOptValue): boolean | Promise<boolean>;
  /** Reads an option with the runtime's API; undefined when it has none. */
  getOption(level: number, option: number): SockOptValue | undefined;
  /** The OS descriptor when the runtime exposes it (Node), else -1. */
  fd(): number;
  /** The local address. */
  localAddress(): SocketAddress;
}

/**
 * The promise a {@link StreamTransport.write} returns when the runtime took the data at once
 * (within its buffer): the caller may then answer without waiting for it to settle.
 *
 * @example
 * ```ts
 * import { WRITTEN } from "./transport.ts";
 * await WRITTEN; // already settled
 * ```
 */
export const WRITTEN: Promise<void> = Promise.resolve();

/** A connected byte stream (TCP, UNIX stream). */
export interface StreamTransport extends OptionTarget {
  /**
   * Next chunk of received bytes; null at the end of the stream. One read at a time. Given
   * `then` and `fail`, the promise settles with what they return (or throw) for the chunk or the
   * error, called from the runtime's own event where it has one (one promise per read, not two).
   */
  read(): Promise<Uint8Array | null>;
  read<R>(then: (chunk: Uint8Array | null) => R, fail: (e: unknown) => R): Promise<R>;
  /**
   * Optional zero-copy read straight into the caller's buffer (Deno); resolves to
   * the byte count, null at the end of the stream. Used by recvInto() when the
   * call cannot be cancelled (no signal, no timeout).
   */
  readInto?(buffer: Uint8Array): Promise<number | null>;
  /** Sends all of `data`; resolves once the runtime accepted it without exceeding its buffer (backpressure). */
  write(data: Uint8Array): Promise<void>;
  /** Half-close: send FIN after everything written. */
  closeWrite(): Promise<void>;
  /** Stop reading (SHUT_RD): later reads see the end of the stream. */
  closeRead(): void;
  /**
   * Close both directions and release the descriptor. Given `after` (a write still delivering
   * bytes a send() already reported sent), the transport closes once it settles, within
   * FLUSH_ON_CLOSE_MS (see closeAfter), so those bytes are not lost; reads end at once.
   */
  close(after?: Promise<unknown>): void;
  /** The peer's address. */
  remoteAddress(): SocketAddress;
  /** Bytes held in user space: received but not yet read, and written but not yet sent. */
  buffered(): { recv: number; send: number };
}

/** A listening stream socket. */
export interface ListenerTransport extends OptionTarget {
  /** Next accepted connection. One accept at a time. */
  accept(): Promise<StreamTransport>;
  /** Stop listening and release the descriptor. */
  close(): void;
}

/** A datagram and its sender, as a {@link DatagramTransport} returns it. */
export type Datagram = [Uint8Array, SocketAddress];

/** A bound datagram socket (UDP). */
export interface DatagramTransport extends OptionTarget {
  /**
   * Next datagram and its sender. One receive at a time. Given `then` and `fail`, the promise
   * settles with what they return (or throw) for the datagram or the error: a transport that is
   * told of datagrams by events calls them from the event, so a receive costs one promise, not two.
   */
  receive(): Promise<Datagram>;
  receive<R>(then: (d: Datagram) => R, fail: (e: unknown) => R): Promise<R>;
  /**
   * Sends one datagram; `address` undefined means the connected peer. A failed send rejects with
   * `fail(error)` when `fail` is given (the caller's error, without a second promise to map it).
   */
  send(data: Uint8Array, address: SocketAddress | undefined, fail?: (e: unknown) => unknown): Promise<number>;
  /**
   * Fixes the peer in the kernel (only that peer's datagrams arrive). Absent when
   * the runtime cannot: the core then filters received datagrams by sender.
   */
  connect?(address: SocketAddress): Promise<void>;
  /** Release the descriptor; pending receives reject. */
  close(): void;
}

/**
 * close()'s link to a pending connect: the runtime sets `cancel` while its
 * connect is pending, and close() calls it; `cancel` must make the connect
 * reject (it may let the attempt finish in the background and close what it
 * brings, when the runtime cannot stop it cheaply).
 */
export interface ConnectHook {
  /** True once close() was called. */
  readonly closed: boolean;
  /** Set by the runtime while its connect is pending; called once by close(). */
  cancel: (() => void) | null;
}

/** Options applied when a socket is created, gathered from setsockopt calls made before bind/connect. */
export interface OpenOptions {
  /** listen() backlog. */
  backlog?: number;
  /** SO_REUSEADDR (datagram sockets; TCP listeners always reuse on Linux runtimes). */
  reuseAddr?: boolean;
  /** SO_REUSEPORT. */
  reusePort?: boolean;
  /** IPV6_V6ONLY for AF_INET6. */
  v6only?: boolean;
  /** IP_MULTICAST_LOOP wished before bind. */
  multicastLoop?: boolean;
  /** SO_RCVBUF / SO_SNDBUF wished before bind. */
  rcvbuf?: number;
  sndbuf?: number;
  /** Local address to connect from (bind then connect): the address bind() got. */
  local?: SocketAddress;
  /** True when bind() asked for port 0, so any local port honours it. */
  localEphemeral?: boolean;
  /**
   * Cancels a connect in progress (the caller's signal and close() in one): connect() must reject
   * when it aborts. Made when first read; a runtime that sets `closeHook.cancel` reads it only when
   * `callerSignal` is set.
   */
  signal?: AbortSignal;
  /** The caller's own signal, if it gave one (it is part of `signal`). */
  callerSignal?: AbortSignal;
  /** close()'s link to a pending connect, cheaper than `signal` (see {@link ConnectHook}). */
  closeHook?: ConnectHook;
  /** Keep the writable side open after the peer's FIN (default true: the BSD model). */
  allowHalfOpen?: boolean;
}

/** What an adapter provides: about ten members, the rest is the core's. */
export interface Runtime {
  /** Human name used in error messages: "Node 20.20.2", "Deno 2.9.6". */
  readonly name: string;
  /** Opens a listening stream socket (bind + listen in one step, as runtimes do). */
  listen(family: number, address: SocketAddress, options: OpenOptions): Promise<ListenerTransport>;
  /** Connects a stream socket. */
  connect(family: number, address: SocketAddress, options: OpenOptions): Promise<StreamTransport>;
  /** Binds a datagram socket. */
  bindDatagram(family: number, address: SocketAddress, options: OpenOptions): Promise<DatagramTransport>;
  /** Turns a runtime error into a SocketError with a sockfam code. */
  error(cause: unknown, syscall: string, address?: unknown): SocketError;
  /** The native shim's setsockopt on a descriptor; false when unavailable. */
  nativeSetsockopt(fd: number, level: number, option: number, value: SockOptValue): boolean;
  /** The native shim's getsockopt on a descriptor; undefined when unavailable. */
  nativeGetsockopt(fd: number, level: number, option: number, buflen?: number): SockOptValue | undefined;
  /** What to tell users who need an option the runtime lacks ("load the native shim", ...). */
  readonly optionHint: string;
  /**
   * Interface names and indexes (for IPv6 scope IDs), from the runtime's
   * networkInterfaces(); absent where the runtime has none: then only a
   * numeric scopeId can be given, and a name is ENOTSUP.
   */
  interfaceIndexes?(): Map<string, number>;
  /**
   * For runtimes whose transports take the scope in the sockaddr (the native
   * shim): the interface index of a scope given as an index or a name, or 0
   * when there is no such interface. When present, it replaces
   * {@link interfaceIndexes} for outgoing addresses (no "%ifname" is added).
   */
  scopeIndex?(scope: number | string): number;
}
