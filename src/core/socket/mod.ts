/**
 * The socket helpers users call beside `socket()`: address checks and
 * formatting, multicast request structures, framed channels, WHATWG streams
 * over a socket, and the option types of the conveniences and WinterTC
 * connect. The parts adapters are built from (the transport surface,
 * CoreSocket, makeAdapter, ...) are in sockfam/internal (src/core/internal.ts).
 *
 * @example
 * ```ts
 * import { inetMreq, framed } from "sockfam/core";
 * ```
 * @module
 */
export { DEFAULT_BUFSIZE } from "./core_socket.ts";
export { checkAddress, formatAddress } from "./address.ts";
export { ipVersion, isIPv4, isIPv6 } from "../address/ip.ts";
export { inetMreq, inet6Mreq, parseMembership, type Membership } from "./mreq.ts";
export type { CreateConnection, CreateConnectionOptions, CreateServer, CreateServerOptions } from "./conveniences.ts";
export type { WinterAddress, WinterConnect, WinterSocket, WinterSocketInfo, WinterSocketOptions } from "./wintertc.ts";
export { framed, type Framed, type FramedOptions } from "./framed.ts";
export { socketReadable, socketWritable } from "./streams.ts";
