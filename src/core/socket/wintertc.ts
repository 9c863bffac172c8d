/**
 * The WinterTC (Sockets API) shape over an adapter's `socket()`:
 * `connect(address, { allowHalfOpen })` returning `{ opened, closed,
 * readable, writable, close() }` with the streams usable at once.
 *
 * @example
 * ```ts
 * import { connect } from "sockfam";
 * const s = connect("127.0.0.1:8080");
 * const w = s.writable.getWriter();
 * await w.write(new TextEncoder().encode("ping"));
 * const { value } = await s.readable.getReader().read();
 * await s.close();
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { Socket, SocketFactory } from "./types.ts";
import { familyOf } from "./conveniences.ts";
import { checkAddressObject, checkOptionsObject } from "./policy.ts";
import { socketReadable, socketWritable } from "./streams.ts";

/** A WinterTC address: "host:port", "[v6]:port", { hostname, port }, or a sockfam address. */
export type WinterAddress = string | { hostname: string; port: number } | SocketAddress;

/** Options of {@link WinterConnect}. */
export interface WinterSocketOptions {
  /** Keep the writable side open after the readable side ended (default false, as in the spec). */
  allowHalfOpen?: boolean;
  /** Only "off" is supported: TLS is not part of sockfam. */
  secureTransport?: "off";
}

/** Information resolved by `opened`. */
export interface WinterSocketInfo {
  remoteAddress: string;
  localAddress: string;
}

/** The WinterTC socket object. */
export interface WinterSocket {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly opened: Promise<WinterSocketInfo>;
  readonly closed: Promise<void>;
  close(): Promise<void>;
  /** The underlying sockfam socket. */
  readonly socket: Socket;
}

/** Connect function of the WinterTC shape. */
export type WinterConnect = (address: WinterAddress, options?: WinterSocketOptions) => WinterSocket;

/**
 * Parses a WinterTC address into sockfam's shape.
 *
 * @example
 * ```ts
 * parseWinterAddress("[::1]:8080"); // { host: "::1", port: 8080 }
 * ```
 */
export function parseWinterAddress(address: WinterAddress): SocketAddress {
  if (typeof address === "string") {
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
    if (!m) throw new SocketError("EINVAL", `connect: ${JSON.stringify(address)} is not "host:port" or "[v6]:port"`, { syscall: "connect", address });
    return { host: m[1]!, port: Number(m[2]) };
  }
  if (address && typeof address === "object" && "hostname" in address) return { host: address.hostname, port: address.port };
  return checkAddressObject(address as SocketAddress, "connect");
}

const fmt = (a: SocketAddress) => {
  const o = a as { host?: string; port?: number; path?: string };
  return o.path !== undefined ? o.path : o.host!.includes(":") ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
};

/**
 * Builds the WinterTC connect() for an adapter's socket().
 *
 * @example
 * ```ts
 * import { makeWinterConnect } from "sockfam/internal";
 * import { socket } from "sockfam/deno"; // an adapter's socket()
 * export const connect = makeWinterConnect(socket);
 * ```
 */
export function makeWinterConnect(socket: SocketFactory): WinterConnect {
  return function connect(address, options = {}) {
    checkOptionsObject(options, "connect", "{ allowHalfOpen: true }");
    if (options.secureTransport && options.secureTransport !== "off") {
      throw new SocketError("ENOTSUP", "connect: sockfam does not do TLS; use secureTransport: \"off\"", { syscall: "connect" });
    }
    const addr = parseWinterAddress(address);
    const s = socket(familyOf(addr), C.SOCK_STREAM);
    const opening = s.connect(addr);
    const opened = opening.then(() => ({ remoteAddress: fmt(s.getpeername()), localAddress: fmt(s.getsockname()) }));
    let resolveClosed!: () => void, rejectClosed!: (e: unknown) => void;
    const closed = new Promise<void>((res, rej) => { resolveClosed = res; rejectClosed = rej; });
    closed.catch(() => {});
    opened.catch((e) => rejectClosed(e));
    let readDone = false, writeDone = false;
    const finish = () => { if (readDone && writeDone) s.close().then(resolveClosed); };
    const ends = {
      get closed() { return s.closed; },
      recv: async (n?: number) => {
        await opening;
        try {
          const d = await s.recv(n);
          if (d.length === 0) {
            readDone = true;
            if (!options.allowHalfOpen && !writeDone) { writeDone = true; await s.shutdown(C.SHUT_WR).catch(() => {}); }
            finish();
          }
          return d;
        } catch (e) { rejectClosed(e); throw e; }
      },
      sendall: async (d: Uint8Array) => { await opening; try { await s.sendall(d); } catch (e) { rejectClosed(e); throw e; } },
      shutdown: async (how: number) => {
        await opening;
        if (how !== C.SHUT_RD) writeDone = true;
        if (how !== C.SHUT_WR) readDone = true;
        await s.shutdown(how);
        finish();
      },
      close: async () => { await s.close(); resolveClosed(); },
    } as unknown as Pick<Socket, "recv" | "sendall" | "shutdown" | "close" | "closed">;
    return {
      socket: s,
      readable: socketReadable(ends),
      writable: socketWritable(ends),
      opened,
      closed,
      async close() {
        await s.close();
        resolveClosed();
        return closed;
      },
    };
  };
}
