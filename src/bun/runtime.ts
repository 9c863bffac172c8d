/// <reference path="./bun.d.ts" />
/**
 * The Bun {@link Runtime}: TCP, UDP and UNIX stream through Bun's node:net and
 * node:dgram (the Node adapter's transports, which Bun runs natively on its
 * own socket layer), options Bun has no API for through bun:ffi. Why not
 * Bun.listen/Bun.connect/Bun.udpSocket directly: see docs/bun.md (measured).
 *
 * @example
 * ```ts
 * import { bunRuntime } from "./runtime.ts";
 * const l = await bunRuntime.listen(2, { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import { mapRuntimeError } from "../core/socket/map_error.ts";
import type { Runtime } from "../core/socket/transport.ts";
import { connectNode } from "../node/connect.ts";
import { bindNodeDatagram } from "../node/datagram.ts";
import { NODE_ERRORS } from "../node/error_codes.ts";
import { nodeInterfaceIndexes } from "../node/interfaces.ts";
import { listenNode } from "../node/listener.ts";
import { nativeGetsockopt, nativeSetsockopt } from "./native.ts";

/** "Bun 1.4.5" ("Bun ?" outside Bun). */
export const runtimeName = `Bun ${(globalThis as unknown as { Bun?: BunApi.Global }).Bun?.version ?? "?"}`;

/**
 * Bun as a sockfam runtime (exported as `runtime` by sockfam/bun).
 *
 * @example
 * ```ts
 * import { AF_INET, CoreSocket, SOCK_STREAM } from "sockfam/internal";
 * import { runtime } from "sockfam/bun";
 * const s = new CoreSocket(runtime, AF_INET, SOCK_STREAM); // what sockfam/bun's socket() returns
 * ```
 */
export const bunRuntime: Runtime = {
  name: runtimeName,
  listen: listenNode,
  connect: connectNode,
  bindDatagram: bindNodeDatagram,
  error: (cause, syscall, address) => mapRuntimeError(cause, syscall, address, runtimeName, NODE_ERRORS),
  nativeSetsockopt,
  nativeGetsockopt,
  interfaceIndexes: nodeInterfaceIndexes,
  optionHint: "sockfam's native shim applies it on the descriptor through bun:ffi when it is built (npm run build; needs a C compiler)",
};
