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
import { mapRuntimeError } from "../core/socket/map_error.ts";
import type { Runtime } from "../core/socket/transport.ts";
import { connectNode } from "./connect.ts";
import { bindNodeDatagram } from "./datagram.ts";
import { listenNode } from "./listener.ts";
import { nativeGetsockopt, nativeSetsockopt } from "./native.ts";
import { runtimeName } from "./version.ts";
import { NODE_ERRORS } from "./error_codes.ts";
import { nodeInterfaceIndexes } from "./interfaces.ts";

/**
 * node:net / node:dgram as a sockfam runtime (exported as `runtime` by sockfam/node).
 *
 * @example
 * ```ts
 * import { AF_INET, CoreSocket, SOCK_STREAM } from "sockfam/internal";
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
  interfaceIndexes: nodeInterfaceIndexes,
  optionHint: "sockfam's native shim applies it on the descriptor when it is built (npm run build; needs a C compiler)",
};
