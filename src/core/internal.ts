/**
 * sockfam/internal — the kit the runtime adapters (sockfam/node, sockfam/deno,
 * sockfam/bun) are built from, for people writing an adapter for another
 * runtime and for sockfam's own tests: the transport surface a runtime
 * implements, the Python-model socket over it, the native backend interface
 * and sockets, sockaddr encoding, error mapping and the factories behind
 * `socket()`, `createConnection()` and `connect()`. Not covered by semver:
 * application code imports `sockfam` or `sockfam/core`. Everything in
 * sockfam/core is exported here too, so an adapter needs one import.
 *
 * @example
 * ```ts
 * import { makeAdapter, SocketError, type Runtime } from "sockfam/internal";
 * declare const myRuntime: Runtime;
 * const noNative = () => { throw new SocketError("ENOTSUP", "no native shim on this runtime"); };
 * const { socket } = makeAdapter(myRuntime, noNative, { backend: noNative, runtimeName: "MyRuntime" });
 * ```
 * @module
 */
export * from "./mod.ts";
export type * from "./socket/transport.ts";
export { CoreSocket } from "./socket/core_socket.ts";
export { makeSocketFactory, runtimeServes } from "./socket/factory.ts";
export { makeAdapter, type Adapter, type AdapterNative, type NativeSocketFactory } from "./adapter.ts";
export { mapRuntimeError } from "./socket/map_error.ts";
export { makeCreateConnection, makeCreateServer, familyOf } from "./socket/conveniences.ts";
export { makeWinterConnect, parseWinterAddress } from "./socket/wintertc.ts";
export type { NativeBackend, Waiter } from "./native/backend.ts";
export { READABLE, WRITABLE } from "./native/backend.ts";
export { encodeOptValue } from "./native/options.ts";
export { DGRAM_META_WORDS, batchFor, packMessages, readBatch } from "./native/batch.ts";
export { NativeInetSocket, isNativeInet, makeNativeSocketFactory } from "./native/inet.ts";
export { OnDemandStreamSocket } from "./native/on_demand.ts";
export { preferNative } from "./native/prefer.ts";
export { adoptableBind, adoptableOption, findSocketFd } from "./native/adopt.ts";
export type { AdoptedDatagram, DatagramAdopter } from "./native/adopt.ts";
export { RING_META_WORDS } from "./native/ring.ts";
export { decodeSockaddr, encodeSockaddr } from "./native/sockaddr.ts";
export { NativeSocket, openWithBackend } from "./native/socket.ts";
export { Turnstile, waitFor } from "./socket/_wait.ts";
export { ipv6Bytes } from "./address/ip.ts";
export { memoryU8, wasmCore } from "./wasm/instance.ts";
export { onPoolMessage, type BatchHook, type DissectJob, type DissectRecycle, type DissectReply, type Post } from "./dissect/_parallel_job.ts";
