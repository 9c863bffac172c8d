/**
 * The CLI's errors: {@link CliError} for bad usage, and {@link describeError},
 * which turns any failure into one line with a code and what to do (never a
 * stack trace; `SOCKFAM_DEBUG=1` adds it for bug reports).
 *
 * @module
 */
import { FrameError, SocketError } from "../core/errors.ts";

/** A usage error (unknown option, missing or invalid argument): exit status 2. */
export class CliError extends Error {
  /** "EUSAGE" (unknown option, missing argument) or "EINVAL" (invalid value). */
  readonly code: string;
  /** Process exit status for this error. */
  readonly exitCode: number;

  /** A usage error with `code` and a message that says what to do. */
  constructor(code: string, message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.exitCode = exitCode;
  }
}

const HINTS: Record<string, string> = {
  ENOENT: "no such file or directory; check the path",
  EISDIR: "it is a directory; give a pcap or pcapng file",
  ENOTDIR: "a part of the path is not a directory; check the path",
  EACCES: "permission denied; check the file's permissions, or run as root / with CAP_NET_RAW for capture, send and ping",
  EPERM: "operation not permitted; capture, send and ping need root or CAP_NET_RAW",
  ENODEV: "no such network interface; list them with `ip link`",
  ENOTFOUND: "cannot resolve the host name; check it, or give an IP address",
  EAI_NONAME: "cannot resolve the host name; check it, or give an IP address",
  EAI_AGAIN: "the name server did not answer; check the name or the network, or give an IP address",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only; write somewhere else",
};

/** What to do about a system error code, or undefined when there is no general advice. */
export function hintFor(code: string): string | undefined {
  return HINTS[code];
}

/** Wraps a runtime's file-system error as a SocketError with the path and a hint. */
export function fileError(e: unknown, verb: string, path: string): SocketError {
  const code = (e as { code?: string }).code ?? "EIO";
  const raw = (e as Error).message ?? String(e);
  return new SocketError(code, `cannot ${verb} ${path}: ${hintFor(code) ?? raw}`, { syscall: verb, cause: e });
}

/** One line for `err` (without the "sockfam CMD: " prefix) and the exit status to use. */
export function describeError(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: `${err.code}: ${err.message} (see --help)`, exitCode: err.exitCode };
  if (err instanceof FrameError) {
    return { line: `${err.code}: ${err.message}${err.offset >= 0 && !err.message.includes("offset") ? ` (offset ${err.offset})` : ""}`, exitCode: 1 };
  }
  const e = err as { code?: unknown; message?: string; name?: string };
  if (err instanceof SocketError || typeof e?.code === "string") {
    const code = String(e.code);
    const msg = e.message ?? "";
    // A runtime's raw message ("ENOENT: no such file ..., open 'x'") gets the hint instead.
    const text = err instanceof SocketError ? msg : (hintFor(code) ? `${msg.replace(new RegExp(`^${code}:\\s*`), "")}; ${hintFor(code)}` : msg);
    return { line: `${code}: ${text.replace(/\n[\s\S]*/, "")}`, exitCode: 1 };
  }
  const name = e?.name && e.name !== "Error" ? `${e.name}: ` : "";
  return { line: `EINTERNAL: ${name}${(e?.message ?? String(err)).replace(/\n[\s\S]*/, "")} (a bug in sockfam: please report it with SOCKFAM_DEBUG=1 output)`, exitCode: 1 };
}
