/**
 * The runtime-neutral socket implementation: the transport surface adapters
 * implement, the Python-model socket built on it, address checks, multicast
 * request helpers, conveniences, WinterTC connect and framed channels.
 *
 * @example
 * ```ts
 * import { inetMreq, framed } from "sockfam/core";
 * ```
 * @module
 */
export type * from "./transport.ts";
export { CoreSocket, DEFAULT_BUFSIZE } from "./core_socket.ts";
export { makeSocketFactory, runtimeServes } from "./factory.ts";
export { makeAdapter, type Adapter, type AdapterNative, type NativeSocketFactory } from "./adapter.ts";
export { checkAddress, formatAddress } from "./address.ts";
export { ipVersion, isIPv4, isIPv6 } from "../address/ip.ts";
export { inetMreq, inet6Mreq, parseMembership, type Membership } from "./mreq.ts";
export { mapRuntimeError } from "./map_error.ts";
export { makeCreateConnection, makeCreateServer, familyOf, type CreateConnection, type CreateConnectionOptions, type CreateServer, type CreateServerOptions } from "./conveniences.ts";
export { makeWinterConnect, parseWinterAddress, type WinterAddress, type WinterConnect, type WinterSocket, type WinterSocketInfo, type WinterSocketOptions } from "./wintertc.ts";
export { framed, type Framed, type FramedOptions } from "./framed.ts";
export { socketReadable, socketWritable } from "./streams.ts";
