/**
 * Turning a runtime's error (Node's `err.code`, Deno's `err.code`/`err.name`)
 * into a SocketError with the same code on every runtime and a message that
 * says what to do.
 *
 * @example
 * ```ts
 * import { mapRuntimeError } from "sockfam/core";
 * const rawConnect = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
 * try { await rawConnect(); } catch (e) { throw mapRuntimeError(e, "connect", { host: "127.0.0.1", port: 9 }); } // SocketError ECONNREFUSED
 * ```
 * @module
 */
import { ERRNO, SocketError } from "../errors.ts";
import { formatAddress } from "./address.ts";

/** Deno error class names without a `code`, and runtime-specific codes, mapped to errno codes. */
const ALIASES: Record<string, string> = {
  ConnectionRefused: "ECONNREFUSED", ConnectionReset: "ECONNRESET", ConnectionAborted: "ECONNABORTED",
  AddrInUse: "EADDRINUSE", AddrNotAvailable: "EADDRNOTAVAIL", NotConnected: "ENOTCONN", TimedOut: "ETIMEDOUT",
  BrokenPipe: "EPIPE", PermissionDenied: "EACCES", NotCapable: "EPERM", NotFound: "ENOENT", AlreadyExists: "EEXIST",
  BadResource: "EBADF", Interrupted: "EINTR", WouldBlock: "EAGAIN", InvalidData: "EINVAL", NetworkUnreachable: "ENETUNREACH",
  ERR_SOCKET_DGRAM_NOT_RUNNING: "EBADF", ERR_SOCKET_DGRAM_IS_CONNECTED: "EISCONN", ERR_SOCKET_DGRAM_NOT_CONNECTED: "ENOTCONN",
  ERR_SOCKET_BAD_PORT: "EINVAL", ERR_INVALID_ADDRESS: "EINVAL", ERR_INVALID_IP_ADDRESS: "EINVAL", ERR_STREAM_DESTROYED: "EBADF",
  ERR_SOCKET_CLOSED: "EBADF", ERR_STREAM_WRITE_AFTER_END: "EPIPE", ERR_SOCKET_DGRAM_NOT_BOUND: "EINVAL",
  EAI_NONAME: "ENOTFOUND", EAI_AGAIN: "ENOTFOUND", EAI_NODATA: "ENOTFOUND", EAI_FAIL: "ENOTFOUND",
};

const ADVICE: Record<string, string> = {
  ECONNREFUSED: "nothing is listening there; start the server or check the port",
  EADDRINUSE: "another socket is bound there; pick another port, use port 0, or set SO_REUSEADDR/SO_REUSEPORT before bind()",
  EADDRNOTAVAIL: "that address is not configured on this host",
  ECONNRESET: "the peer reset the connection",
  EPIPE: "the connection is closed for writing",
  EACCES: "permission denied (binding a port below 1024 needs privileges; sending to a broadcast address needs SO_BROADCAST)",
  EPERM: "operation not permitted",
  ETIMEDOUT: "the operation timed out",
  ENOENT: "no such socket file; is the server running?",
  ENOTFOUND: "the host name did not resolve",
  ENETUNREACH: "no route to that network",
};

/**
 * Builds a SocketError from any runtime error.
 *
 * @example
 * ```ts
 * mapRuntimeError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" }, "connect").errno; // 111
 * ```
 */
export function mapRuntimeError(cause: unknown, syscall: string, address?: unknown, runtimeName = "the runtime"): SocketError {
  if (cause instanceof SocketError) return cause;
  const e = cause as { code?: unknown; name?: unknown; message?: unknown; errno?: unknown } | null;
  let code = typeof e?.code === "string" ? e.code : "";
  if (ALIASES[code]) code = ALIASES[code]!;
  if (!ERRNO[code] && code !== "ENOTFOUND" && typeof e?.name === "string" && ALIASES[e.name]) code = ALIASES[e.name]!;
  const msg = typeof e?.message === "string" ? e.message : String(cause);
  if ((!code || !ERRNO[code]) && /failed to lookup address|Name or service not known|No address associated/i.test(msg)) code = "ENOTFOUND";
  if (!code) {
    const m = /os error (\d+)/.exec(msg);
    if (m) return SocketError.fromErrno(Number(m[1]), syscall, `${syscall}${address ? ` ${formatAddress(address)}` : ""}: ${msg}`, address);
    code = "EIO";
  }
  if (e?.name === "NotCapable") {
    return new SocketError("EPERM", `${syscall}${address ? ` ${formatAddress(address)}` : ""}: ${runtimeName} denied network access (${msg}); run with --allow-net`, { syscall, address, cause });
  }
  const where = address ? ` ${formatAddress(address)}` : "";
  const advice = ADVICE[code];
  return new SocketError(code, `${syscall}${where}: ${advice ?? msg}${advice ? ` (${code})` : ""}`, { syscall, address, cause });
}
