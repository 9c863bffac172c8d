/**
 * Errors raised by sockfam. Every error carries a stable `code` so callers can
 * branch on it without parsing messages; the message says what to do next.
 *
 * @module
 */

/** Linux errno values for the codes sockfam raises (same numbers on every runtime). */
export const ERRNO: Readonly<Record<string, number>> = Object.freeze({
  EPERM: 1, ENOENT: 2, EINTR: 4, EIO: 5, ENXIO: 6, EBADF: 9, EAGAIN: 11, ENOMEM: 12,
  EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, ENODEV: 19, ENOTDIR: 20, EINVAL: 22,
  EMFILE: 24, ENOSPC: 28, EPIPE: 32, ENAMETOOLONG: 36, ENOSYS: 38, ENOTSOCK: 88,
  EDESTADDRREQ: 89, EMSGSIZE: 90, EPROTOTYPE: 91, ENOPROTOOPT: 92, EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94, EOPNOTSUPP: 95, ENOTSUP: 95, EPFNOSUPPORT: 96, EAFNOSUPPORT: 97,
  EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETDOWN: 100, ENETUNREACH: 101, ECONNABORTED: 103,
  ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106, ENOTCONN: 107, ESHUTDOWN: 108,
  ETIMEDOUT: 110, ECONNREFUSED: 111, EHOSTDOWN: 112, EHOSTUNREACH: 113, EALREADY: 114,
  EINPROGRESS: 115, ECANCELED: 125,
});

/** Reverse of {@link ERRNO}: errno number to code (ENOTSUP and EOPNOTSUPP share 95; EOPNOTSUPP wins). */
export const ERRNO_CODES: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(ERRNO).filter(([c]) => c !== "ENOTSUP").map(([c, n]) => [n, c]),
  ),
);

/** Options accepted by the {@link SocketError} constructor. */
export interface SocketErrorOptions {
  /** The system call (or sockfam operation) that failed, e.g. "connect". */
  syscall?: string;
  /** The address involved, in sockfam's address shape. */
  address?: unknown;
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** Overrides the errno looked up from the code. */
  errno?: number;
}

/**
 * An error from a socket operation, with the same `code` under Node and Deno.
 *
 * @example
 * ```ts
 * import { SocketError } from "sockfam/core";
 * try { throw new SocketError("ECONNREFUSED", "connection refused by 127.0.0.1:9", { syscall: "connect" }); }
 * catch (e) { if (e instanceof SocketError && e.code === "ECONNREFUSED") console.log(e.errno); } // 111
 * ```
 */
export class SocketError extends Error {
  /** Symbolic code, as in Linux/Node: "ECONNREFUSED", "EPERM", ... */
  readonly code: string;
  /** Positive Linux errno for `code` (0 if the code is sockfam's own). */
  readonly errno: number;
  /** The call that failed. */
  readonly syscall: string | undefined;
  /** The address involved, if any. */
  readonly address: unknown;

  /**
   * @param code symbolic code such as "EADDRINUSE"
   * @param message what happened and what to do about it
   * @param options syscall, address, cause, errno
   */
  constructor(code: string, message: string, options: SocketErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SocketError";
    this.code = code;
    this.errno = options.errno ?? ERRNO[code] ?? 0;
    this.syscall = options.syscall;
    this.address = options.address;
  }

  /**
   * True when the call timed out (code "ETIMEDOUT"): `settimeout` expired, or the kernel gave up.
   *
   * @example
   * ```ts
   * import { SocketError } from "sockfam/core";
   * new SocketError("ETIMEDOUT", "recv timed out after 1s").isTimeout(); // true
   * ```
   */
  isTimeout(): boolean {
    return this.code === "ETIMEDOUT";
  }

  /**
   * Builds a SocketError from a negative errno returned by native code.
   *
   * @example
   * ```ts
   * import { SocketError } from "sockfam/core";
   * SocketError.fromErrno(-1, "socket", "opening AF_PACKET needs CAP_NET_RAW").code; // "EPERM"
   * ```
   */
  static fromErrno(errno: number, syscall: string, message?: string, address?: unknown): SocketError {
    const n = Math.abs(errno);
    const code = ERRNO_CODES[n] ?? `E${n}`;
    return new SocketError(code, message ?? `${syscall} failed: ${code}`, { syscall, address, errno: n });
  }
}

/**
 * The timeout error: sockfam's `TimeoutError` (Python raises `TimeoutError`,
 * a subclass of `OSError`, when a `settimeout` expires). Every SocketError
 * with code "ETIMEDOUT" is an instance, however it was built (a `settimeout`
 * expiring, a kernel connect timeout), so `e instanceof SocketTimeoutError`
 * is the one check to write.
 *
 * @example
 * ```ts
 * import { SocketError, SocketTimeoutError } from "sockfam/core";
 * const e: unknown = new SocketError("ETIMEDOUT", "recv timed out after 1s (settimeout)", { syscall: "recv" });
 * if (e instanceof SocketTimeoutError) console.log("timed out:", e.syscall); // timed out: recv
 * ```
 */
export class SocketTimeoutError extends SocketError {
  /**
   * @param message what timed out and after how long
   * @param options syscall, address, cause
   */
  constructor(message: string, options: SocketErrorOptions = {}) {
    super("ETIMEDOUT", message, options);
  }
}
// `instanceof SocketTimeoutError` holds for every SocketError whose code is "ETIMEDOUT".
Object.defineProperty(SocketTimeoutError, Symbol.hasInstance, {
  value: (x: unknown): boolean => x instanceof SocketError && x.code === "ETIMEDOUT",
});

/**
 * An error in framed or packet data: a malformed frame, an oversized length
 * prefix, a truncated capture. `offset` is the byte position in the stream or
 * file where the problem was found, when known.
 *
 * @example
 * ```ts
 * import { FrameError } from "sockfam/core";
 * const e = new FrameError("FRAME_TOO_LARGE", "length prefix 4294967295 exceeds maxFrame 65536", 12);
 * e.code; // "FRAME_TOO_LARGE"
 * ```
 */
export class FrameError extends Error {
  /** Stable code such as "FRAME_TOO_LARGE", "BAD_COBS", "TRUNCATED". */
  readonly code: string;
  /** Byte offset of the problem in the input stream or file, or -1. */
  readonly offset: number;

  /**
   * @param code stable machine-readable code
   * @param message what happened and what to do about it
   * @param offset byte offset in the input, -1 if unknown
   */
  constructor(code: string, message: string, offset = -1) {
    super(message);
    this.name = "FrameError";
    this.code = code;
    this.offset = offset;
  }
}
