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
import { mapRuntimeError } from "../core/socket/map_error.ts";

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


/** Deno's error class names (its errors carry no errno code) as errno codes. */
const DENO_ERRORS: Record<string, string> = {
  ConnectionRefused: "ECONNREFUSED", ConnectionReset: "ECONNRESET", ConnectionAborted: "ECONNABORTED",
  AddrInUse: "EADDRINUSE", AddrNotAvailable: "EADDRNOTAVAIL", NotConnected: "ENOTCONN", TimedOut: "ETIMEDOUT",
  BrokenPipe: "EPIPE", PermissionDenied: "EACCES", NotCapable: "EPERM", NotFound: "ENOENT", AlreadyExists: "EEXIST",
  BadResource: "EBADF", Interrupted: "EINTR", WouldBlock: "EAGAIN", InvalidData: "EINVAL", NetworkUnreachable: "ENETUNREACH",
};

/**
 * A Deno error (which carries no errno) as a SocketError with the errno code its class names.
 *
 * @example
 * ```ts
 * import { denoError } from "./api.ts";
 * const e = denoError(new Error("refused"), "recvfrom"); // SocketError
 * ```
 */
export function denoError(cause: unknown, syscall: string, address?: unknown): SocketError {
  return mapRuntimeError(cause, syscall, address, runtimeName, DENO_ERRORS);
}
