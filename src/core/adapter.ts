/**
 * One adapter's public functions, built from its {@link Runtime}, its
 * native-socket opener and its shim loader: `socket`, `nativeSocket`,
 * `createConnection`, `createServer` and the WinterTC `connect`. Each
 * runtime's `mod.ts` is this call plus its docs.
 *
 * @example
 * ```ts
 * import { makeAdapter, SocketError } from "sockfam/internal";
 * import { runtime } from "sockfam/node";
 * const noNative = () => { throw new SocketError("ENOTSUP", "no native shim in this build"); };
 * const { socket, createConnection } = makeAdapter(runtime, noNative, { backend: noNative, runtimeName: "Node" });
 * ```
 * @module
 */
import type { NativeBackend } from "./native/backend.ts";
import { makeNativeSocketFactory, type NativeInetSocket } from "./native/inet.ts";
import { preferNative } from "./native/prefer.ts";
import type { DatagramAdopter } from "./native/adopt.ts";
import type { Socket, SocketFactory } from "./socket/types.ts";
import { makeCreateConnection, makeCreateServer, type CreateConnection, type CreateServer } from "./socket/conveniences.ts";
import { makeSocketFactory } from "./socket/factory.ts";
import type { Runtime } from "./socket/transport.ts";
import { makeWinterConnect, type WinterConnect } from "./socket/wintertc.ts";

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
  /** A TCP or UDP socket always on the native shim (docs/native.md). */
  nativeSocket: NativeSocketFactory;
}

/** Opens a TCP or UDP socket on the native shim. */
export type NativeSocketFactory = (family: number, type: number, proto?: number) => NativeInetSocket;

/** How an adapter reaches the native shim for TCP/UDP. */
export interface AdapterNative {
  /** Loads the runtime's shim backend (throws when it cannot). */
  backend: () => NativeBackend;
  /** The runtime's name and version, for messages ("Deno 2.9.6"). */
  runtimeName: string;
  /**
   * `socket()` puts UDP on the shim whenever it loads, and TCP when a socket
   * needs it (see preferNative); otherwise only `nativeSocket()` uses the shim.
   */
  prefer?: boolean;
  /**
   * With `prefer`: binds UDP sockets with the runtime's own API where it can,
   * the shim driving the descriptor (see AdoptedDatagram); receives then wait on the runtime's event loop.
   */
  adoptDatagram?: DatagramAdopter;
}

/**
 * Builds an adapter's functions.
 *
 * @example
 * ```ts
 * import { makeAdapter, SocketError } from "sockfam/internal";
 * import { runtime } from "sockfam/deno";
 * const noNative = () => { throw new SocketError("ENOTSUP", "no native shim in this build"); };
 * const { socket, createServer } = makeAdapter(runtime, noNative, { backend: noNative, runtimeName: "Deno", prefer: true });
 * ```
 */
export function makeAdapter(runtime: Runtime, openNative: (family: number, type: number, proto: number) => Socket, native: AdapterNative): Adapter {
  const base = makeSocketFactory(runtime, openNative);
  const socket = native.prefer ? preferNative(base, native.backend, { runtimeName: native.runtimeName, streamRuntime: runtime, adoptDatagram: native.adoptDatagram }) : base;
  return {
    socket,
    nativeSocket: makeNativeSocketFactory(native.backend, native.runtimeName),
    createConnection: makeCreateConnection(socket),
    createServer: makeCreateServer(socket),
    connect: makeWinterConnect(socket),
  };
}
