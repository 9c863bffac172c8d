/**
 * sockfam/node — BSD/Python-model sockets on Node.js: TCP, UDP and UNIX
 * stream through node:net and node:dgram, everything else through the native
 * shim. Re-exports all of sockfam/core.
 *
 * @example
 * ```ts
 * import { socket, AF_INET, SOCK_DGRAM } from "sockfam/node";
 * await using s = socket(AF_INET, SOCK_DGRAM);
 * await s.bind({ host: "127.0.0.1", port: 0 });
 * ```
 * @module
 */
import { makeAdapter } from "../core/socket/adapter.ts";
import { openNativeSocket } from "./native.ts";
import { nodeRuntime } from "./runtime.ts";

const adapter = makeAdapter(nodeRuntime, openNativeSocket);

export * from "../core/mod.ts";
export { nodeRuntime as runtime } from "./runtime.ts";

/**
 * Creates a socket, as Python's `socket.socket(family, type, proto)`.
 *
 * @example
 * ```ts
 * import { socket, AF_INET, SOCK_STREAM } from "sockfam/node";
 * const s = socket(AF_INET, SOCK_STREAM);
 * ```
 */
export const socket = adapter.socket;

/**
 * Connects a TCP or UNIX stream socket, as Python's `socket.create_connection`.
 *
 * @example
 * ```ts
 * import { createConnection } from "sockfam/node";
 * const c = await createConnection({ host: "127.0.0.1", port: 8080 }, { timeout: 2 });
 * ```
 */
export const createConnection = adapter.createConnection;

/**
 * Opens a listening stream socket, as Python's `socket.create_server`.
 *
 * @example
 * ```ts
 * import { createServer } from "sockfam/node";
 * const srv = await createServer({ host: "::", port: 0 }, { dualstackIpv6: true });
 * ```
 */
export const createServer = adapter.createServer;

/**
 * The WinterTC Sockets API `connect()`.
 *
 * @example
 * ```ts
 * import { connect } from "sockfam/node";
 * const s = connect("127.0.0.1:8080");
 * await s.opened;
 * ```
 */
export const connect = adapter.connect;
