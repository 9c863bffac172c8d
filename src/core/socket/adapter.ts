/**
 * One adapter's public functions, built from its {@link Runtime} and its
 * native-socket opener: `socket`, `createConnection`, `createServer` and the
 * WinterTC `connect`. Each runtime's `mod.ts` is this call plus its docs.
 *
 * @example
 * ```ts
 * import { makeAdapter, SocketError } from "sockfam/core";
 * import { runtime } from "sockfam/node";
 * const noNative = () => { throw new SocketError("ENOTSUP", "no native shim in this build"); };
 * const { socket, createConnection } = makeAdapter(runtime, noNative);
 * ```
 * @module
 */
import type { Socket, SocketFactory } from "../socket.ts";
import { makeCreateConnection, makeCreateServer, type CreateConnection, type CreateServer } from "./conveniences.ts";
import { makeSocketFactory } from "./factory.ts";
import type { Runtime } from "./transport.ts";
import { makeWinterConnect, type WinterConnect } from "./wintertc.ts";

/** The functions every adapter exports. */
export interface Adapter {
  /** Python's `socket.socket(family, type, proto)`. */
  socket: SocketFactory;
  /** Python's `socket.create_connection`. */
  createConnection: CreateConnection;
  /** Python's `socket.create_server`. */
  createServer: CreateServer;
  /** The WinterTC Sockets API `connect()`. */
  connect: WinterConnect;
}

/**
 * Builds an adapter's functions.
 *
 * @example
 * ```ts
 * import { makeAdapter, SocketError } from "sockfam/core";
 * import { runtime } from "sockfam/deno";
 * const noNative = () => { throw new SocketError("ENOTSUP", "no native shim in this build"); };
 * const { socket, createServer } = makeAdapter(runtime, noNative);
 * ```
 */
export function makeAdapter(runtime: Runtime, openNative: (family: number, type: number, proto: number) => Socket): Adapter {
  const socket = makeSocketFactory(runtime, openNative);
  return { socket, createConnection: makeCreateConnection(socket), createServer: makeCreateServer(socket), connect: makeWinterConnect(socket) };
}
