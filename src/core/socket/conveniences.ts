/**
 * Python-style conveniences over an adapter's `socket()`:
 * `createConnection(address, { timeout })` and
 * `createServer(address, { family, reusePort, dualstackIpv6 })`.
 *
 * @example
 * ```ts
 * import { createServer, createConnection } from "sockfam";
 * await using server = await createServer({ host: "127.0.0.1", port: 0 });
 * await using client = await createConnection(server.getsockname(), { timeout: 2 });
 * ```
 * @module
 */
import type { InetAddress, SocketAddress, UnixAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import type { Socket, SocketFactory } from "./types.ts";
import { ipVersion } from "../address/ip.ts";
import { checkAddressObject, checkOptionsObject } from "./policy.ts";

/** Options of {@link CreateConnection}. */
export interface CreateConnectionOptions {
  /** Timeout in seconds for the connect, kept on the socket afterwards (as Python does). */
  timeout?: number | null;
  /** Cancels the connect. */
  signal?: AbortSignal;
  /** Local address to connect from. */
  sourceAddress?: SocketAddress;
}

/** Options of {@link CreateServer}. */
export interface CreateServerOptions {
  /** AF_INET, AF_INET6 or AF_UNIX; default from the address. */
  family?: number;
  /** listen() backlog (see README: the runtime listens at bind() time). */
  backlog?: number;
  /** Set SO_REUSEPORT before bind. */
  reusePort?: boolean;
  /** AF_INET6 socket that also accepts IPv4 (IPV6_V6ONLY off). */
  dualstackIpv6?: boolean;
}

/** Connects a stream socket to `address` (tries IPv4 then IPv6 for a host name). */
export type CreateConnection = (address: SocketAddress, options?: CreateConnectionOptions) => Promise<Socket>;
/** Opens a listening stream socket on `address`. */
export type CreateServer = (address: SocketAddress, options?: CreateServerOptions) => Promise<Socket>;

/**
 * The family an address implies: a path is AF_UNIX, an IPv6 literal AF_INET6, else AF_INET.
 *
 * @example
 * ```ts
 * familyOf({ host: "::1", port: 1 }); // AF_INET6
 * ```
 */
export function familyOf(address: SocketAddress): number {
  if (typeof (address as UnixAddress).path === "string") return C.AF_UNIX;
  const host = String((address as InetAddress).host ?? "").replace(/^\[|\]$/g, "");
  return ipVersion(host) === 6 ? C.AF_INET6 : C.AF_INET;
}

/**
 * Builds createConnection for an adapter's socket().
 *
 * @example
 * ```ts
 * import { makeCreateConnection } from "sockfam/internal";
 * import { socket } from "sockfam/deno"; // an adapter's socket()
 * export const createConnection = makeCreateConnection(socket);
 * ```
 */
export function makeCreateConnection(socket: SocketFactory): CreateConnection {
  return async function createConnection(address, options = {}) {
    checkAddressObject(address, "createConnection");
    checkOptionsObject(options, "createConnection", "{ timeout: 5, sourceAddress, signal }");
    const fam = familyOf(address);
    const host = (address as InetAddress).host;
    const families = fam === C.AF_INET && host !== undefined && ipVersion(host) === 0 ? [C.AF_INET, C.AF_INET6] : [fam];
    let first: unknown;
    for (const f of families) {
      const s = socket(f, C.SOCK_STREAM);
      try {
        if (options.timeout !== undefined) s.settimeout(options.timeout);
        if (options.sourceAddress) await s.bind(options.sourceAddress);
        await s.connect(address, { signal: options.signal });
        return s;
      } catch (e) {
        await s.close();
        first ??= e;
        if ((e as { code?: string }).code === "ECANCELED") break;
      }
    }
    throw first;
  };
}

/**
 * Builds createServer for an adapter's socket().
 *
 * @example
 * ```ts
 * import { makeCreateServer } from "sockfam/internal";
 * import { socket } from "sockfam/deno"; // an adapter's socket()
 * export const createServer = makeCreateServer(socket);
 * ```
 */
export function makeCreateServer(socket: SocketFactory): CreateServer {
  return async function createServer(address, options = {}) {
    checkAddressObject(address, "createServer");
    checkOptionsObject(options, "createServer", "{ backlog: 128, reusePort: true }");
    const fam = options.family ?? (options.dualstackIpv6 ? C.AF_INET6 : familyOf(address));
    const s = socket(fam, C.SOCK_STREAM);
    try {
      if (options.reusePort) s.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
      if (fam === C.AF_INET6 && options.dualstackIpv6 !== undefined) s.setsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, options.dualstackIpv6 ? 0 : 1);
      await s.bind(address);
      await s.listen(options.backlog);
      return s;
    } catch (e) {
      await s.close();
      throw e;
    }
  };
}
