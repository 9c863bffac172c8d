/**
 * The common socket interface every runtime adapter implements, in the
 * BSD/Python model made async. Adapters (sockfam/node, sockfam/deno) return
 * objects of this shape from `socket(family, type, proto?)`.
 *
 * @example
 * ```ts
 * import { socket, AF_INET, SOCK_DGRAM } from "sockfam";
 * await using s = socket(AF_INET, SOCK_DGRAM);
 * await s.bind({ host: "127.0.0.1", port: 0 });
 * console.log(s.getsockname()); // { host: "127.0.0.1", port: 40123 }
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";

/** Options accepted by every call that may wait. */
export interface WaitOptions {
  /** Cancels the wait; the call rejects with SocketError "ECANCELED" (or the signal's reason). */
  signal?: AbortSignal;
}

/** An option value: a number, a boolean, or raw bytes (struct ip_mreq, ...). */
export type SockOptValue = number | boolean | Uint8Array | string;

/** The socket surface shared by every adapter. */
export interface Socket extends AsyncIterable<Uint8Array>, AsyncDisposable {
  /** Address family (AF_INET, ...). */
  readonly family: number;
  /** Socket type (SOCK_STREAM, ...). */
  readonly type: number;
  /** Protocol number given at creation (host order for AF_PACKET). */
  readonly proto: number;
  /** Bind to a local address. */
  bind(address: SocketAddress): Promise<void>;
  /** Start listening for connections (stream sockets). */
  listen(backlog?: number): Promise<void>;
  /** Wait for a connection; resolves to [connection, peer address]. */
  accept(options?: WaitOptions): Promise<[Socket, SocketAddress]>;
  /** Connect to a peer (stream) or fix the default peer (datagram). */
  connect(address: SocketAddress, options?: WaitOptions): Promise<void>;
  /** Send bytes; resolves to the number of bytes accepted. */
  send(data: Uint8Array, flags?: number, options?: WaitOptions): Promise<number>;
  /** Send all bytes, waiting as needed. */
  sendall(data: Uint8Array, flags?: number, options?: WaitOptions): Promise<void>;
  /** Send a datagram to an address. */
  sendto(data: Uint8Array, address: SocketAddress, options?: WaitOptions): Promise<number>;
  /** Receive up to `bufsize` bytes; empty at the end of a stream. The bytes are the caller's (a small chunk's `.buffer` may be shared with others: transfer a `slice()`). */
  recv(bufsize?: number, flags?: number, options?: WaitOptions): Promise<Uint8Array>;
  /** Receive a datagram and its sender. */
  recvfrom(bufsize?: number, flags?: number, options?: WaitOptions): Promise<[Uint8Array, SocketAddress]>;
  /** Receive into a caller's buffer; resolves to the byte count (0 at end of stream). */
  recvInto(buffer: Uint8Array, nbytes?: number, flags?: number, options?: WaitOptions): Promise<number>;
  /** Shut down one or both directions (SHUT_RD, SHUT_WR, SHUT_RDWR). */
  shutdown(how: number): Promise<void>;
  /** Close the socket; pending calls settle. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Set an option. Options the runtime cannot apply throw ENOPROTOOPT/ENOTSUP.
   * Returns a promise where the runtime applies the option asynchronously
   * (Deno multicast): `await` it to see errors.
   */
  setsockopt(level: number, option: number, value: SockOptValue): void | Promise<void>;
  /** Read an option. */
  getsockopt(level: number, option: number, buflen?: number): SockOptValue;
  /** The local address. */
  getsockname(): SocketAddress;
  /** The peer address (ENOTCONN if there is none). */
  getpeername(): SocketAddress;
  /** Timeout in seconds for blocking calls (null = none), as in Python. */
  settimeout(seconds: number | null): void;
  /** Current timeout in seconds, or null. */
  gettimeout(): number | null;
  /** Python's setblocking(): false = settimeout(0) (calls that would wait are EAGAIN), true = settimeout(null). */
  setblocking(flag: boolean): void;
  /** Python's getblocking(): false only when the timeout is 0. */
  getblocking(): boolean;
  /** Stream sockets: a WHATWG ReadableStream of received bytes (with backpressure). */
  readonly readable: ReadableStream<Uint8Array>;
  /** Stream sockets: a WHATWG WritableStream that sends bytes. */
  readonly writable: WritableStream<Uint8Array>;
  /** True once close() has been called. */
  readonly closed: boolean;
}

/** The factory every adapter exports as `socket`. */
export type SocketFactory = (family: number, type: number, proto?: number) => Socket;
