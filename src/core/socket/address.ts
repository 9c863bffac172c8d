/**
 * Validation and normalisation of the addresses callers pass in, with the
 * same errors on every runtime: a port out of range, a host that is neither an
 * IP literal nor a host name, an address of the wrong shape for the family.
 *
 * @example
 * ```ts
 * import { checkAddress } from "./address.ts";
 * checkAddress(2, { host: "127.0.0.1", port: 80 }, "connect"); // { host: "127.0.0.1", port: 80 }
 * checkAddress(2, { host: "127.0.0.1", port: 70000 }, "bind"); // throws SocketError EINVAL
 * ```
 * @module
 */
import type { InetAddress, SocketAddress, UnixAddress } from "../address/types.ts";
import { AF_INET, AF_INET6, AF_UNIX } from "../constants.ts";
import { SocketError } from "../errors.ts";
import { ipVersion, isHostname } from "../address/ip.ts";

/** Longest AF_UNIX path (sun_path is 108 bytes including the terminating NUL). */
export const UNIX_PATH_MAX = 107;

/**
 * Describes an address for messages: "127.0.0.1:80", "[::1]:80", "/tmp/s", "@abstract".
 *
 * @example
 * ```ts
 * formatAddress({ host: "::1", port: 80 }); // "[::1]:80"
 * ```
 */
export function formatAddress(a: unknown): string {
  if (a && typeof a === "object") {
    const o = a as Partial<InetAddress & UnixAddress>;
    if (typeof o.path === "string") return o.path.startsWith("\0") ? `@${o.path.slice(1)}` : o.path || "(unnamed)";
    if (typeof o.host === "string") return o.host.includes(":") ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
  }
  return String(a);
}

/**
 * Checks `address` for `family` and returns a clean copy (host trimmed of
 * brackets, port a number). Throws SocketError EINVAL / EAFNOSUPPORT on misuse.
 *
 * @example
 * ```ts
 * import { AF_INET6, checkAddress } from "sockfam/core";
 * checkAddress(AF_INET6, { host: "[::1]", port: 80 }, "connect"); // { host: "::1", port: 80 }
 * ```
 */
export function checkAddress(family: number, address: SocketAddress, syscall: string): SocketAddress {
  const bad = (code: string, why: string) => new SocketError(code, `${syscall}: ${why}`, { syscall, address });
  if (address === null || typeof address !== "object") {
    throw bad("EINVAL", `address must be an object such as { host: "127.0.0.1", port: 80 } or { path: "/tmp/s" }, got ${typeof address === "string" ? JSON.stringify(address) : String(address)}`);
  }
  if (family === AF_UNIX) {
    const path = (address as UnixAddress).path;
    if (typeof path !== "string") throw bad("EINVAL", `an AF_UNIX address is { path: "/tmp/name" } or { path: "\\0name" } (abstract), got ${JSON.stringify(address)}`);
    const bytes = new TextEncoder().encode(path).length;
    // sun_path is 108 bytes: a filesystem path needs its NUL, an abstract name ("\0...") may use all 108.
    const max = path.startsWith("\0") ? UNIX_PATH_MAX + 1 : UNIX_PATH_MAX;
    if (bytes > max) throw bad("ENAMETOOLONG", `AF_UNIX ${max > UNIX_PATH_MAX ? "abstract name" : "path"} is ${bytes} bytes; the limit is ${max}: use a shorter one`);
    return { path };
  }
  if (family !== AF_INET && family !== AF_INET6) throw bad("EAFNOSUPPORT", `address family ${family} is not handled here`);
  const a = address as InetAddress;
  if (typeof a.host !== "string") throw bad("EINVAL", `an ${family === AF_INET ? "AF_INET" : "AF_INET6"} address is { host, port }, got ${JSON.stringify(address)}`);
  // Not trimmed: " 127.0.0.1 " is no address, as in Python (getaddrinfo fails); "" is the wildcard.
  let host = a.host;
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  let zone: number | string | undefined;
  const pct = family === AF_INET6 ? host.indexOf("%") : -1;
  if (pct >= 0) {
    const z = host.slice(pct + 1);
    zone = /^\d+$/.test(z) ? Number(z) : z;
    host = host.slice(0, pct);
  }
  if (host === "") host = family === AF_INET ? "0.0.0.0" : "::";
  const port = a.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw bad("EINVAL", `port must be an integer 0..65535, got ${JSON.stringify(port)}`);
  }
  const v = ipVersion(host);
  if (v === 0 && !isHostname(host)) throw bad("EINVAL", `${JSON.stringify(a.host)} is neither an IP address nor a host name`);
  if (v === 6 && family === AF_INET) throw bad("EAFNOSUPPORT", `${host} is an IPv6 address but the socket is AF_INET: create it with AF_INET6`);
  if (v === 4 && family === AF_INET6) {
    throw bad("EAFNOSUPPORT", `${host} is an IPv4 address but the socket is AF_INET6: use "::ffff:${host}" or an AF_INET socket`);
  }
  const out: InetAddress = { host, port };
  if (family === AF_INET6) {
    if (a.flowinfo !== undefined) {
      if (!Number.isInteger(a.flowinfo) || a.flowinfo < 0 || a.flowinfo > 0xfffff) throw bad("EINVAL", `flowinfo must be an integer 0..0xfffff, got ${JSON.stringify(a.flowinfo)}`);
      out.flowinfo = a.flowinfo;
    }
    const scope = a.scopeId ?? zone;
    if (scope !== undefined) {
      if (a.scopeId !== undefined && zone !== undefined && String(a.scopeId) !== String(zone)) {
        throw bad("EINVAL", `the host's zone %${zone} and scopeId ${JSON.stringify(a.scopeId)} disagree: give one`);
      }
      if (typeof scope === "number" ? !Number.isInteger(scope) || scope < 0 || scope > 0xffffffff : !/^[^\s/%]{1,15}$/.test(scope)) {
        throw bad("EINVAL", `scopeId must be an interface index (0..2^32-1) or an interface name such as "eth0", got ${JSON.stringify(scope)}`);
      }
      if (scope !== 0) out.scopeId = scope;
    }
  }
  return out;
}

/** The wildcard address of a family ({ host: "0.0.0.0", port: 0 }, ...). */
export function anyAddress(family: number): SocketAddress {
  return family === AF_UNIX ? { path: "" } : { host: family === AF_INET6 ? "::" : "0.0.0.0", port: 0 };
}

/** True when two addresses name the same endpoint (IPv4-mapped IPv6 equals its IPv4). */
export function sameAddress(a: SocketAddress, b: SocketAddress): boolean {
  const x = a as InetAddress, y = b as InetAddress;
  if (typeof x.host === "string" && typeof y.host === "string") {
    const norm = (h: string) => h.toLowerCase().replace(/^::ffff:(?=\d+\.)/, "").replace(/%.*$/, "");
    return x.port === y.port && norm(x.host) === norm(y.host);
  }
  return (a as UnixAddress).path === (b as UnixAddress).path;
}

/** Builds the returned shape: IPv6 addresses carry flowinfo and scopeId as in Python. */
export function inetResult(family: number, host: string, port: number): InetAddress {
  return family === AF_INET6 ? { host, port, flowinfo: 0, scopeId: 0 } : { host, port };
}

/** One entry of a runtime's networkInterfaces() (Node's per-name lists flattened, or Deno's array). */
export interface InterfaceEntry {
  /** Interface name. */
  name: string;
  /** "IPv6" (or 6 in some Node versions) for IPv6 addresses. */
  family: string | number;
  /** The interface index for IPv6 link-local addresses. */
  scopeid?: number | null;
}

/**
 * Interface names to indexes from networkInterfaces() entries: the scope IDs
 * of their IPv6 addresses (link-local addresses carry the interface index).
 *
 * @example
 * ```ts
 * import { interfaceIndexMap } from "./address.ts";
 * interfaceIndexMap([{ name: "eth0", family: "IPv6", scopeid: 2 }]).get("eth0"); // 2
 * ```
 */
export function interfaceIndexMap(entries: Iterable<InterfaceEntry>): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) {
    if ((e.family === "IPv6" || e.family === 6) && typeof e.scopeid === "number" && e.scopeid > 0 && !m.has(e.name)) m.set(e.name, e.scopeid);
  }
  return m;
}
