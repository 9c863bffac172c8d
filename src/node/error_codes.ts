/**
 * Node's ERR_* codes as errno codes, for the runtimes that run Node's
 * node:net / node:dgram transports (Node, and Bun through its node:* layer).
 *
 * @example
 * ```ts
 * import { NODE_ERRORS } from "./error_codes.ts";
 * NODE_ERRORS.ERR_SOCKET_DGRAM_NOT_RUNNING; // "EBADF"
 * ```
 * @module
 */

/** Node's ERR_* codes as errno codes (passed to mapRuntimeError). */
export const NODE_ERRORS: Readonly<Record<string, string>> = {
  ERR_SOCKET_DGRAM_NOT_RUNNING: "EBADF", ERR_SOCKET_DGRAM_IS_CONNECTED: "EISCONN", ERR_SOCKET_DGRAM_NOT_CONNECTED: "ENOTCONN",
  ERR_SOCKET_BAD_PORT: "EINVAL", ERR_INVALID_ADDRESS: "EINVAL", ERR_INVALID_IP_ADDRESS: "EINVAL", ERR_STREAM_DESTROYED: "EBADF",
  ERR_SOCKET_CLOSED: "EBADF", ERR_STREAM_WRITE_AFTER_END: "EPIPE", ERR_SOCKET_DGRAM_NOT_BOUND: "EINVAL",
};
