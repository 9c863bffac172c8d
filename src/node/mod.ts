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
import type { SocketAddress } from "../core/address/types.ts";
import type { NativeInetSocket } from "../core/native/inet.ts";
import type { Socket } from "../core/socket/types.ts";
import { makeAdapter } from "../core/adapter.ts";
import type { CreateConnectionOptions, CreateServerOptions } from "../core/socket/conveniences.ts";
import type { WinterAddress, WinterSocket, WinterSocketOptions } from "../core/socket/wintertc.ts";
import { openNativeSocket } from "./native.ts";
import { nodeBackend } from "./native_addon.ts";
import { nodeRuntime } from "./runtime.ts";
import { runtimeName } from "./version.ts";

// Workers for DissectPool (src/core/dissect/parallel.ts), registered for their effect.
import "./dissect_workers.ts";

// The exports below are the same few lines in node/, deno/ and bun/ on purpose: each adapter is a
// module of its own with its own import path in the examples, and JSR wants every export's type
// written out. What they do lives once, in makeAdapter (src/core/adapter.ts).
const adapter = makeAdapter(nodeRuntime, openNativeSocket, { backend: nodeBackend, runtimeName });

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
export function socket(family: number, type: number, proto?: number): Socket {
  return adapter.socket(family, type, proto);
}

/**
 * A TCP or UDP socket on the native shim (a {@link NativeInetSocket}): every
 * option on the kernel socket, kernel UDP connect, `fileno()`, batched
 * datagrams (`recvBatch`/`sendBatch`) and kernel receive timestamps
 * (`recvfromWithTime`). Node's dgram cannot batch, so a UDP socket that uses recvBatch/sendBatch is made here. See docs/native.md.
 *
 * @example
 * ```ts
 * import { nativeSocket, AF_INET, SOCK_DGRAM } from "sockfam/node";
 * const u = nativeSocket(AF_INET, SOCK_DGRAM);
 * await u.bind({ host: "127.0.0.1", port: 0 });
 * const batch = await u.recvBatch(512);
 * ```
 */
export function nativeSocket(family: number, type: number, proto?: number): NativeInetSocket {
  return adapter.nativeSocket(family, type, proto);
}

/**
 * Connects a TCP or UNIX stream socket, as Python's `socket.create_connection`.
 *
 * @example
 * ```ts
 * import { createConnection } from "sockfam/node";
 * const c = await createConnection({ host: "127.0.0.1", port: 8080 }, { timeout: 2 });
 * ```
 */
export function createConnection(address: SocketAddress, options?: CreateConnectionOptions): Promise<Socket> {
  return adapter.createConnection(address, options);
}

/**
 * Opens a listening stream socket, as Python's `socket.create_server`.
 *
 * @example
 * ```ts
 * import { createServer } from "sockfam/node";
 * const srv = await createServer({ host: "::", port: 0 }, { dualstackIpv6: true });
 * ```
 */
export function createServer(address: SocketAddress, options?: CreateServerOptions): Promise<Socket> {
  return adapter.createServer(address, options);
}

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
export function connect(address: WinterAddress, options?: WinterSocketOptions): WinterSocket {
  return adapter.connect(address, options);
}
