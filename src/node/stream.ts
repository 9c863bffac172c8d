/**
 * A connected node:net socket as a sockfam {@link StreamTransport}: chunks are
 * queued up to a high-water mark, then the socket is paused so the kernel
 * (and TCP flow control) holds the rest; writes resolve on `drain`.
 *
 * @example
 * ```ts
 * import net from "node:net";
 * import { NodeStream } from "./stream.ts";
 * const t = new NodeStream(net.connect(8080, "127.0.0.1"), 2);
 * const chunk = await t.read();
 * ```
 * @module
 */
import type { Socket as NetSocket } from "node:net";
import type { SocketAddress } from "../core/address/types.ts";
import { AF_UNIX, IPPROTO_TCP, SO_KEEPALIVE, SOL_SOCKET, TCP_NODELAY } from "../core/constants.ts";
import { FLUSH_ON_CLOSE_MS } from "../core/socket/policy.ts";
import { SocketError } from "../core/errors.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { inetResult } from "../core/socket/address.ts";
import { optBool } from "../core/socket/_options.ts";
import { type StreamTransport, WRITTEN } from "../core/socket/transport.ts";
import { nativeGetsockopt } from "./native.ts";
import { nativeRecv } from "./_direct_io.ts";
import { type Settler, settleError, settledError, settledValue, settleValue } from "../core/socket/_settle.ts";

/** Bytes queued in user space before the socket is paused. */
export const READ_HIGH_WATER = 256 * 1024;

/** Linux TCP_INFO option and the TCP_CLOSE state. */
const TCP_INFO = 11, TCP_STATE_CLOSE = 7;

interface Waiter<T> { resolve(v: T): void; reject(e: unknown): void }
type Chunk = Uint8Array | null;

/** Marks a transport closed by close(); the EBADF error is built only when a caller sees it (an Error's stack trace is costly). */
export const CLOSED = Symbol("closed");

/** The error to reject with: EBADF for {@link CLOSED}, else the runtime's error. */
export function errorOf(e: unknown): unknown {
  return e === CLOSED ? new SocketError("EBADF", "the socket is closed", { syscall: "recv" }) : e;
}

/** A plain Uint8Array view of a Buffer (same bytes, no copy), so both runtimes return the same type. */
export function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * TCP_INFO's first byte is the connection state. While our side has not sent
 * its FIN, the peer's FIN leaves CLOSE_WAIT and a reset leaves TCP_CLOSE (7).
 * (Once we sent ours, both end in TCP_CLOSE: such an end stays an end.)
 */
function wasReset(sock: NetSocket): boolean {
  const fd = handleFd(sock);
  if (fd < 0 || sock.writableEnded) return false;
  try {
    const info = nativeGetsockopt(fd, IPPROTO_TCP, TCP_INFO, 8);
    return info instanceof Uint8Array && info[0] === TCP_STATE_CLOSE;
  } catch {
    return false; // the shim cannot tell (not built): the end stays an end
  }
}

/** A read's `fail` that passes the error on as it is. */
function rethrow(e: unknown): never {
  throw e;
}

/** EAGAIN (the shim returns -errno). */
const EAGAIN = 11;

/** Descriptor of a node:net socket or server, or -1. */
export function handleFd(o: unknown): number {
  const fd = (o as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === "number" ? fd : -1;
}

/** node:net socket → StreamTransport. */
export class NodeStream implements StreamTransport {
  readonly #sock: NetSocket;
  readonly #family: number;
  #local: SocketAddress | undefined;
  #remote: SocketAddress | undefined;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #flowing = false;
  #ended = false;
  #readClosed = false;
  #error: unknown = null;
  #reader: Settler<Chunk> | null = null;
  #drain: Waiter<void> | null = null;
  #nodelay = false;
  #keepalive = false;

  /**
   * @param sock a connected (or connecting-done) net.Socket, paused
   * @param family AF_INET, AF_INET6 or AF_UNIX
   * @param unix for AF_UNIX: the local and remote paths (Node does not report them)
   * @param peer the peer's address when it is known without asking the kernel (connected to an IP literal)
   */
  constructor(sock: NetSocket, family: number, unix?: { local: string; remote: string }, peer?: SocketAddress) {
    this.#sock = sock;
    this.#family = family;
    if (family === AF_UNIX) {
      this.#local = { path: unix?.local ?? "" };
      this.#remote = { path: unix?.remote ?? "" };
    } else if (peer) this.#remote = peer;
    else {
      // The peer now, before the connection can go away; the local address lazily (each is a syscall).
      this.remoteAddress();
    }
    sock.pause();
    sock.on("data", (chunk: Buffer) => {
      if (this.#readClosed) return;
      const r = this.#reader;
      if (r) {
        this.#reader = null;
        settleValue(r, plain(chunk));
        return;
      }
      this.#queue.push(chunk);
      this.#queued += chunk.length;
      if (this.#queued >= READ_HIGH_WATER) {
        this.#flowing = false;
        sock.pause();
      }
    });
    sock.on("end", () => {
      if (this.#family !== AF_UNIX && wasReset(sock)) {
        // Node reports a reset that arrives with (or right after) data as a clean end: a cut-off
        // transfer must not look complete, so report it as Python and Deno do.
        this.#fail(new SocketError("ECONNRESET", "recv: the peer reset the connection (ECONNRESET)", { syscall: "recv" }));
        return;
      }
      this.#ended = true;
      const r = this.#reader;
      this.#reader = null;
      if (r) settleValue(r, null);
    });
    sock.on("drain", () => {
      const d = this.#drain;
      this.#drain = null;
      d?.resolve();
    });
    sock.on("error", (e) => this.#fail(e));
    sock.on("close", () => this.#fail(CLOSED));
  }

  #fail(e: unknown): void {
    this.#error ??= e;
    const r = this.#reader, d = this.#drain;
    this.#reader = null;
    this.#drain = null;
    if (r) {
      if (this.#ended) settleValue(r, null);
      else settleError(r, errorOf(this.#error));
    }
    d?.reject(errorOf(this.#error));
  }

  read(): Promise<Chunk>;
  read<R>(then: (chunk: Chunk) => R, fail: (e: unknown) => R): Promise<R>;
  read<R>(then?: (chunk: Chunk) => R, fail?: (e: unknown) => R): Promise<Chunk | R> {
    const q = this.#queue;
    if (q.length) {
      const c = q.shift()!;
      this.#queued -= c.length;
      if (!this.#flowing && this.#queued < READ_HIGH_WATER / 2 && !this.#ended) {
        this.#flowing = true;
        this.#sock.resume();
      }
      return settledValue(plain(c), then);
    }
    if (this.#ended || this.#readClosed) return settledValue(null, then);
    if (this.#error) return settledError(errorOf(this.#error), fail);
    if (!this.#flowing) {
      this.#flowing = true;
      this.#sock.resume();
    }
    return new Promise<Chunk | R>((resolve, reject) => (this.#reader = { resolve: resolve as (v: unknown) => void, reject, then, fail }));
  }

  /**
   * Reads straight into `buffer` when nothing is held in user space (neither
   * here nor in Node's stream): one recv() on the descriptor through the shim,
   * so the bytes land where the caller wants them with no copy. Node only lets
   * a caller's buffer be read into on sockets it creates itself (`onread`), not
   * on accepted ones; with everything queued already taken, the kernel's bytes
   * are the next in order. When none are ready it waits for Node's next chunk
   * (copied in, the rest kept) and pauses Node's stream again.
   */
  readInto(buffer: Uint8Array): Promise<number | null> {
    if (!this.#queue.length && !this.#sock.readableLength && !this.#ended && !this.#readClosed && !this.#error) {
      const fd = handleFd(this.#sock);
      const r = fd >= 0 ? nativeRecv(fd, buffer) : undefined;
      if (r !== undefined && r !== -EAGAIN) {
        if (r > 0) return Promise.resolve(r);
        if (r === 0) {
          this.#ended = true;
          return Promise.resolve(null);
        }
        this.#fail(SocketError.fromErrno(r, "recv"));
        return Promise.reject(errorOf(this.#error));
      }
    }
    return this.read((c) => (c ? this.#copyInto(c, buffer) : null), rethrow);
  }

  /** Copies a chunk into the caller's buffer, keeps what does not fit, and pauses the stream so the next readInto can go direct. */
  #copyInto(chunk: Uint8Array, buffer: Uint8Array): number {
    const n = Math.min(chunk.length, buffer.length);
    buffer.set(n === chunk.length ? chunk : chunk.subarray(0, n));
    if (n < chunk.length) {
      const rest = chunk.subarray(n);
      this.#queue.unshift(rest);
      this.#queued += rest.length;
    }
    this.#stopReading();
    return n;
  }

  /**
   * Pauses the socket so that the next readInto can go direct. (Node may still
   * take one more chunk into its stream before it stops reading; readInto
   * takes that one first. Stopping the handle here by hand would leave the
   * stream believing a read is in flight, and it would never read again.)
   */
  #stopReading(): void {
    if (!this.#flowing) return;
    this.#flowing = false;
    this.#sock.pause();
  }

  write(data: Uint8Array): Promise<void> {
    if (this.#error) return Promise.reject(errorOf(this.#error));
    if (this.#sock.write(data)) return WRITTEN;
    return new Promise((resolve, reject) => (this.#drain = { resolve, reject }));
  }

  closeWrite(): Promise<void> {
    if (this.#error) return Promise.reject(errorOf(this.#error));
    return new Promise((resolve) => this.#sock.end(resolve));
  }

  closeRead(): void {
    this.#readClosed = true;
    this.#queue = [];
    this.#queued = 0;
    const r = this.#reader;
    this.#reader = null;
    if (r) settleValue(r, null);
    // Keep draining the kernel so the peer is not blocked; the data is discarded (Linux SHUT_RD semantics).
    this.#sock.resume();
  }

  /** Resets the connection (RST): a listener closed before accepting it. */
  reset(): void {
    this.#fail(CLOSED);
    // An RST exists on TCP only: Node refuses resetAndDestroy on a UNIX socket (ERR_INVALID_HANDLE_TYPE).
    if (this.#family === AF_UNIX) this.#sock.destroy();
    else this.#sock.resetAndDestroy();
  }

  close(): void {
    this.#fail(CLOSED);
    const sock = this.#sock;
    if (sock.writableLength > 0 && !sock.destroyed) {
      // Bytes a send() reported sent are still in Node's buffer: deliver them, then FIN (Python's close
      // leaves them to the kernel the same way). A peer that never reads cannot hold the descriptor forever.
      sock.destroySoon();
      setTimeout(() => sock.destroy(), FLUSH_ON_CLOSE_MS).unref();
    } else sock.destroy();
  }

  localAddress(): SocketAddress {
    return this.#local ??= inetResult(this.#family, this.#sock.localAddress ?? "", this.#sock.localPort ?? 0);
  }

  remoteAddress(): SocketAddress {
    return this.#remote ??= inetResult(this.#family, this.#sock.remoteAddress ?? "", this.#sock.remotePort ?? 0);
  }

  buffered(): { recv: number; send: number } {
    return { recv: this.#queued, send: this.#sock.writableLength };
  }

  fd(): number {
    return handleFd(this.#sock);
  }

  setOption(level: number, option: number, value: SockOptValue): boolean {
    if (this.#family === AF_UNIX) return false;
    if (level === IPPROTO_TCP && option === TCP_NODELAY) {
      this.#nodelay = optBool(value);
      this.#sock.setNoDelay(this.#nodelay);
      return true;
    }
    if (level === SOL_SOCKET && option === SO_KEEPALIVE) {
      this.#keepalive = optBool(value);
      this.#sock.setKeepAlive(this.#keepalive);
      return true;
    }
    return false;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (this.#family === AF_UNIX) return undefined;
    if (level === IPPROTO_TCP && option === TCP_NODELAY) return this.#nodelay ? 1 : 0;
    if (level === SOL_SOCKET && option === SO_KEEPALIVE) return this.#keepalive ? 1 : 0;
    return undefined;
  }
}
