/**
 * sockfam/bun — BSD/Python-model sockets on Bun: TCP, UDP and UNIX
 * stream through Bun's node:net and node:dgram, everything else through the native
 * shim opened with bun:ffi (no flag needed). Re-exports all of sockfam/core.
 *
 * @example
 * ```ts
 * import { socket, AF_INET, SOCK_DGRAM } from "sockfam/bun";
 * await using s = socket(AF_INET, SOCK_DGRAM);
 * await s.bind({ host: "127.0.0.1", port: 0 });
 * ```
 * @module
 */
import type { SocketFactory } from "../core/socket.ts";
import { makeCreateConnection, makeCreateServer } from "../core/socket/conveniences.ts";
import { makeSocketFactory } from "../core/socket/factory.ts";
import { makeWinterConnect } from "../core/socket/wintertc.ts";
import { makeNativeSocketFactory } from "../core/native/inet.ts";
import { bunBackend } from "./ffi.ts";
import { openNativeSocket } from "./native.ts";
import { bunRuntime } from "./runtime.ts";

// Web Workers for DissectPool, as under Deno (the module uses only the Web Worker API).
import "../deno/dissect_workers.ts";
export * from "../core/mod.ts";
export { bunRuntime as runtime } from "./runtime.ts";

/**
 * Creates a socket, as Python's `socket.socket(family, type, proto)`.
 *
 * @example
 * ```ts
 * import { socket, AF_INET, SOCK_STREAM } from "sockfam/bun";
 * const s = socket(AF_INET, SOCK_STREAM);
 * ```
 */
export const socket: SocketFactory = makeSocketFactory(bunRuntime, openNativeSocket);

/**
 * A TCP or UDP socket on the native shim (through bun:ffi): every option in the
 * kernel, `fileno()`, and for UDP `recvBatch`/`sendBatch` (recvmmsg/sendmmsg).
 *
 * @example
 * ```ts
 * import { nativeSocket, AF_INET, SOCK_DGRAM } from "sockfam/bun";
 * const u = nativeSocket(AF_INET, SOCK_DGRAM);
 * await u.bind({ host: "127.0.0.1", port: 0 });
 * ```
 */
export const nativeSocket = makeNativeSocketFactory(bunBackend, "Bun");

/**
 * Connects a TCP or UNIX stream socket, as Python's `socket.create_connection`.
 *
 * @example
 * ```ts
 * import { createConnection } from "sockfam/bun";
 * const c = await createConnection({ host: "127.0.0.1", port: 8080 }, { timeout: 2 });
 * ```
 */
export const createConnection = makeCreateConnection(socket);

/**
 * Opens a listening stream socket, as Python's `socket.create_server`.
 *
 * @example
 * ```ts
 * import { createServer } from "sockfam/bun";
 * const srv = await createServer({ host: "::", port: 0 }, { dualstackIpv6: true });
 * ```
 */
export const createServer = makeCreateServer(socket);

/**
 * The WinterTC Sockets API `connect()`.
 *
 * @example
 * ```ts
 * import { connect } from "sockfam/bun";
 * const s = connect("127.0.0.1:8080");
 * await s.opened;
 * ```
 */
export const connect = makeWinterConnect(socket);
