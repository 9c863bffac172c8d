/// <reference path="./deno.d.ts" />
/**
 * The running Deno's networking API (typed by the slice in deno.d.ts) and its
 * name for messages.
 *
 * @example
 * ```ts
 * import { deno, runtimeName } from "./api.ts";
 * const l = deno().listen({ hostname: "127.0.0.1", port: 0 });
 * ```
 * @module
 */
import type { SocketAddress } from "../core/address/types.ts";
import { SocketError } from "../core/errors.ts";
import { inetResult } from "../core/socket/address.ts";

/** The global Deno object (throws a clear error outside Deno). */
export function deno(): DenoNet.Api {
  const d = (globalThis as unknown as { Deno?: DenoNet.Api }).Deno;
  if (!d) throw new SocketError("ENOTSUP", "sockfam/deno needs the Deno runtime; under Node import sockfam (or sockfam/node)", { syscall: "socket" });
  return d;
}

/** "Deno 2.9.6". */
export const runtimeName = `Deno ${(globalThis as unknown as { Deno?: DenoNet.Api }).Deno?.version.deno ?? "?"}`;

/** Deno's address object to sockfam's shape. */
export function fromDenoAddr(family: number, a: DenoNet.Addr | undefined | null): SocketAddress {
  if (!a) return { path: "" };
  if (a.transport === "unix" || a.transport === "unixpacket") return { path: (a as DenoNet.UnixAddr).path ?? "" };
  const n = a as DenoNet.NetAddr;
  let host = n.hostname;
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return inetResult(family, host, n.port);
}

