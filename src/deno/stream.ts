/// <reference path="./deno.d.ts" />
/**
 * A Deno connection as a sockfam {@link StreamTransport}. Deno is pull-based:
 * nothing is read until someone receives, so backpressure is TCP's own.
 *
 * @example
 * ```ts
 * import { DenoStream } from "./stream.ts";
 * const t = new DenoStream(await Deno.connect({ hostname: "127.0.0.1", port: 80 }), 2);
 * ```
 * @module
 */
import type { SocketAddress } from "../core/address/types.ts";
import { AF_UNIX, IPPROTO_TCP, SOCK_STREAM, SO_KEEPALIVE, SOL_SOCKET, TCP_NODELAY } from "../core/constants.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { optBool } from "../core/socket/_options.ts";
import { ownCopy } from "../core/socket/_pool.ts";
import type { StreamTransport } from "../core/socket/transport.ts";
import { mapped } from "../core/socket/_settle.ts";
import { closeAfter } from "../core/socket/policy.ts";
import { fromDenoAddr } from "./api.ts";
import { denoDescriptor } from "./adopt.ts";

/** Keeps close()'s flush timer from holding the process open. */
const denoUnref = (t: ReturnType<typeof setTimeout>) => (globalThis as unknown as { Deno: { unrefTimer(id: number): void } }).Deno.unrefTimer(t as unknown as number);

/** Most bytes one read asks for. */
export const READ_SIZE = 256 * 1024;

/**
 * The buffer a connection reads into, reused: each read hands out a copy of
 * just the bytes read, in memory of its own ({@link ownCopy}: small reads from
 * a shared pool). A read that fills the whole buffer hands out the buffer
 * itself and the next read gets a new one, larger (up to `max`), as a busy
 * connection wants. Made on first use and small at first, so idle connections
 * cost little.
 *
 * @example
 * ```ts
 * import { ReadBuffer } from "./stream.ts";
 * const rb = new ReadBuffer();
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: 80 });
 * const n = await conn.read(rb.target());
 * if (n !== null) console.log(rb.take(n)); // the bytes, the caller's to keep
 * ```
 */
export class ReadBuffer {
  #buf: Uint8Array | null = null;

  /**
   * @param max largest buffer (a datagram socket: the largest datagram)
   * @param min first buffer size
   */
  constructor(readonly max = READ_SIZE, readonly min = 16 * 1024) {}

  /** The buffer to read into. */
  target(): Uint8Array {
    return this.#buf ??= new Uint8Array(this.min);
  }

  /** The first `n` bytes of the last read, as the caller's own memory. */
  take(n: number): Uint8Array {
    const b = this.#buf!;
    if (n === b.length) {
      this.#buf = new Uint8Array(Math.min(this.max, b.length * 4));
      return b;
    }
    return ownCopy(b, n);
  }
}

/** Deno.Conn → StreamTransport. */
export class DenoStream implements StreamTransport {
  readonly #conn: DenoNet.Conn;
  readonly #family: number;
  #local: SocketAddress | undefined;
  readonly #remote: SocketAddress;
  #fd: number | undefined;
  readonly #rbuf = new ReadBuffer();
  #readClosed = false;
  #closed = false;
  #opts: Map<string, number> | undefined; // made by the first setOption (most connections set none)

  /**
   * @param conn a connected Deno.Conn
   * @param family AF_INET, AF_INET6 or AF_UNIX
   * @param unixRemote for AF_UNIX clients: the path connected to (Deno reports none)
   */
  constructor(conn: DenoNet.Conn, family: number, unixRemote?: string) {
    this.#conn = conn;
    this.#family = family;
    this.#remote = unixRemote !== undefined ? { path: unixRemote } : fromDenoAddr(family, conn.remoteAddr);
  }

  read(): Promise<Uint8Array | null>;
  read<R>(then: (chunk: Uint8Array | null) => R, fail: (e: unknown) => R): Promise<R>;
  read<R>(then?: (chunk: Uint8Array | null) => R, fail?: (e: unknown) => R): Promise<Uint8Array | null | R> {
    if (this.#readClosed) return mapped(Promise.resolve(null), then, fail);
    const took = this.#onRead ??= (n) => n === null || this.#readClosed ? null : this.#rbuf.take(n);
    const p = this.#conn.read(this.#rbuf.target());
    return then && fail ? p.then((n) => then(took(n)), fail) : p.then(took);
  }

  #onRead: ((n: number | null) => Uint8Array | null) | undefined;

  async readInto(buffer: Uint8Array): Promise<number | null> {
    if (this.#readClosed) return null;
    const n = await this.#conn.read(buffer);
    return this.#readClosed ? null : n;
  }

  write(data: Uint8Array): Promise<void> {
    // One promise when the runtime takes everything at once (the usual case), a loop otherwise.
    return this.#conn.write(data).then((n) => n < data.length ? this.#writeRest(data, n) : undefined);
  }

  async #writeRest(data: Uint8Array, off: number): Promise<void> {
    while (off < data.length) off += await this.#conn.write(data.subarray(off));
  }

  /** (CoreSocket.shutdown waits for the bytes still being written first: Deno's closeWrite would cut them.) */
  closeWrite(): Promise<void> {
    return this.#conn.closeWrite();
  }

  closeRead(): void {
    this.#readClosed = true;
  }

  close(after?: Promise<unknown>): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#readClosed = true;
    const shut = () => { try { this.#conn.close(); } catch { /* already closed by the runtime */ } };
    // Deno's close cuts a write in progress: bytes a send() reported sent are delivered first.
    if (after) closeAfter(after, shut, denoUnref);
    else shut();
  }

  localAddress(): SocketAddress {
    return this.#local ??= fromDenoAddr(this.#family, this.#conn.localAddr);
  }

  remoteAddress(): SocketAddress {
    return this.#remote;
  }

  buffered(): { recv: number; send: number } {
    return { recv: 0, send: 0 };
  }

  /** The connection's descriptor, found by the shim when FFI is granted (see denoDescriptor); -1 otherwise. */
  fd(): number {
    if (this.#closed) return -1;
    return this.#fd ??= this.#family === AF_UNIX ? -1 : denoDescriptor(this.#family, SOCK_STREAM, this.localAddress(), this.#remote);
  }

  setOption(level: number, option: number, value: SockOptValue): boolean {
    if (this.#family === AF_UNIX) return false;
    const on = optBool(value);
    if (level === IPPROTO_TCP && option === TCP_NODELAY && this.#conn.setNoDelay) this.#conn.setNoDelay(on);
    else if (level === SOL_SOCKET && option === SO_KEEPALIVE && this.#conn.setKeepAlive) this.#conn.setKeepAlive(on);
    else return false;
    (this.#opts ??= new Map()).set(`${level}:${option}`, on ? 1 : 0);
    return true;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (this.#family === AF_UNIX) return undefined;
    const v = this.#opts?.get(`${level}:${option}`);
    if (v !== undefined) return v;
    if ((level === IPPROTO_TCP && option === TCP_NODELAY) || (level === SOL_SOCKET && option === SO_KEEPALIVE)) return 0;
    return undefined;
  }
}
