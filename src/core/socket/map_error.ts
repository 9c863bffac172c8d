/**
 * Turning a runtime's error (Node's `err.code`, Deno's `err.code`/`err.name`)
 * into a SocketError with the same code on every runtime and a message that
 * says what to do.
 *
 * @example
 * ```ts
 * import { mapRuntimeError } from "sockfam/internal";
 * const rawConnect = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
 * try { await rawConnect(); } catch (e) { throw mapRuntimeError(e, "connect", { host: "127.0.0.1", port: 9 }); } // SocketError ECONNREFUSED
 * ```
 * @module
 */
import { ERRNO, SocketError } from "../errors.ts";
import { formatAddress } from "./address.ts";

/**
 * Codes every runtime's errors may carry that are not errno names. Each
 * adapter passes its own aliases (Deno's error class names, Node's ERR_* codes)
 * to {@link mapRuntimeError}.
 */
const COMMON_ALIASES: Record<string, string> = {
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
 * Builds a SocketError from any runtime error; `aliases` maps the runtime's
 * own codes or error class names to errno codes.
 *
 * @example
 * ```ts
 * mapRuntimeError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" }, "connect").errno; // 111
 * ```
 */
export function mapRuntimeError(cause: unknown, syscall: string, address?: unknown, runtimeName = "the runtime", aliases: Readonly<Record<string, string>> = {}): SocketError {
  if (cause instanceof SocketError) return cause;
  const e = cause as { code?: unknown; name?: unknown; message?: unknown; errno?: unknown } | null;
  const alias = (k: string): string | undefined => aliases[k] ?? COMMON_ALIASES[k];
  let code = typeof e?.code === "string" ? e.code : "";
  code = alias(code) ?? code;
  if (!ERRNO[code] && code !== "ENOTFOUND" && typeof e?.name === "string" && alias(e.name)) code = alias(e.name)!;
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
