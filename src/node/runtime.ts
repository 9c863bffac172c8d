/**
 * The Node.js {@link Runtime}: node:net and node:dgram behind sockfam's
 * transport surface, and the native shim for options Node has no API for.
 *
 * @example
 * ```ts
 * import { nodeRuntime } from "./runtime.ts";
 * const l = await nodeRuntime.listen(2, { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import os from "node:os";
import { interfaceIndexMap } from "../core/socket/address.ts";
import { mapRuntimeError } from "../core/socket/map_error.ts";
import type { Runtime } from "../core/socket/transport.ts";
import { connectNode } from "./connect.ts";
import { bindNodeDatagram } from "./datagram.ts";
import { listenNode } from "./listener.ts";
import { nativeGetsockopt, nativeSetsockopt } from "./native.ts";
import { runtimeName } from "./version.ts";

/** Node's ERR_* codes as errno codes. */
const NODE_ERRORS: Record<string, string> = {
  ERR_SOCKET_DGRAM_NOT_RUNNING: "EBADF", ERR_SOCKET_DGRAM_IS_CONNECTED: "EISCONN", ERR_SOCKET_DGRAM_NOT_CONNECTED: "ENOTCONN",
  ERR_SOCKET_BAD_PORT: "EINVAL", ERR_INVALID_ADDRESS: "EINVAL", ERR_INVALID_IP_ADDRESS: "EINVAL", ERR_STREAM_DESTROYED: "EBADF",
  ERR_SOCKET_CLOSED: "EBADF", ERR_STREAM_WRITE_AFTER_END: "EPIPE", ERR_SOCKET_DGRAM_NOT_BOUND: "EINVAL",
};

/**
 * node:net / node:dgram as a sockfam runtime (exported as `runtime` by sockfam/node).
 *
 * @example
 * ```ts
 * import { AF_INET, CoreSocket, SOCK_STREAM } from "sockfam/core";
 * import { runtime } from "sockfam/node";
 * const s = new CoreSocket(runtime, AF_INET, SOCK_STREAM); // what sockfam/node's socket() returns
 * ```
 */
export const nodeRuntime: Runtime = {
  name: runtimeName,
  listen: listenNode,
  connect: connectNode,
  bindDatagram: bindNodeDatagram,
  error: (cause, syscall, address) => mapRuntimeError(cause, syscall, address, runtimeName, NODE_ERRORS),
  nativeSetsockopt,
  nativeGetsockopt,
  interfaceIndexes: () => interfaceIndexMap(Object.entries(os.networkInterfaces()).flatMap(([name, list]) => (list ?? []).map((e) => ({ name, family: e.family, scopeid: e.scopeid })))),
  optionHint: "sockfam's native shim applies it on the descriptor when it is built (npm run build; needs a C compiler)",
};
