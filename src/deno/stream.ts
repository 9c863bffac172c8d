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
import { AF_UNIX, IPPROTO_TCP, SO_KEEPALIVE, SOL_SOCKET, TCP_NODELAY } from "../core/constants.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { optBool } from "../core/socket/_options.ts";
import type { StreamTransport } from "../core/socket/transport.ts";
import { fromDenoAddr } from "./api.ts";

/** Most bytes one read asks for. */
export const READ_SIZE = 256 * 1024;

/**
 * A bump allocator for received bytes: reads land in the free tail of a 1 MiB
 * arena and are returned as views, so a read costs neither a copy nor a fresh
 * allocation (a new ArrayBuffer per read, and the GC it drives, cost Deno 3-4x
 * in throughput). A view kept by the caller keeps its arena alive, as Node's
 * Buffer pool does. Allocated on first use, so idle connections cost nothing.
 */
export class ReadArena {
  #arena: Uint8Array | null = null;
  #off = 0;

  /**
   * @param size arena size
   * @param minTail below this many free bytes a fresh arena is started
   */
  constructor(readonly size = 1024 * 1024, readonly minTail = 64 * 1024) {}

  /** The free tail to read into (at most `max` bytes). */
  tail(max: number): Uint8Array {
    if (!this.#arena || this.size - this.#off < this.minTail) {
      this.#arena = new Uint8Array(this.size);
      this.#off = 0;
    }
    return this.#arena.subarray(this.#off, Math.min(this.size, this.#off + max));
  }

  /** Marks `n` bytes of the last tail as handed out; returns them. */
  take(tail: Uint8Array, n: number): Uint8Array {
    this.#off += n;
    return tail.subarray(0, n);
  }
}

/** Deno.Conn → StreamTransport. */
export class DenoStream implements StreamTransport {
  readonly #conn: DenoNet.Conn;
  readonly #family: number;
  #local: SocketAddress | undefined;
  readonly #remote: SocketAddress;
  readonly #arena = new ReadArena();
  #readClosed = false;
  #closed = false;
  #opts = new Map<string, number>();

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

  async read(): Promise<Uint8Array | null> {
    if (this.#readClosed) return null;
    const tail = this.#arena.tail(READ_SIZE);
    const n = await this.#conn.read(tail);
    if (n === null || this.#readClosed) return null;
    return this.#arena.take(tail, n);
  }

  async readInto(buffer: Uint8Array): Promise<number | null> {
    if (this.#readClosed) return null;
    const n = await this.#conn.read(buffer);
    return this.#readClosed ? null : n;
  }

  async write(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) off += await this.#conn.write(off ? data.subarray(off) : data);
  }

  closeWrite(): Promise<void> {
    return this.#conn.closeWrite();
  }

  closeRead(): void {
    this.#readClosed = true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try { this.#conn.close(); } catch { /* already closed by the runtime */ }
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

  fd(): number {
    return -1;
  }

  setOption(level: number, option: number, value: SockOptValue): boolean {
    if (this.#family === AF_UNIX) return false;
    const on = optBool(value);
    if (level === IPPROTO_TCP && option === TCP_NODELAY && this.#conn.setNoDelay) this.#conn.setNoDelay(on);
    else if (level === SOL_SOCKET && option === SO_KEEPALIVE && this.#conn.setKeepAlive) this.#conn.setKeepAlive(on);
    else return false;
    this.#opts.set(`${level}:${option}`, on ? 1 : 0);
    return true;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (this.#family === AF_UNIX) return undefined;
    const v = this.#opts.get(`${level}:${option}`);
    if (v !== undefined) return v;
    if ((level === IPPROTO_TCP && option === TCP_NODELAY) || (level === SOL_SOCKET && option === SO_KEEPALIVE)) return 0;
    return undefined;
  }
}
