/**
 * What users of sockfam's native sockets see: packet-socket option
 * structures, statistics, TPACKET_V3 ring and datagram batches, receive
 * timestamps, MAC addresses and the socket types (filters: src/core/filter).
 * The backend interface a runtime implements and the classes adapters build
 * on are in sockfam/internal (src/core/internal.ts).
 *
 * @example
 * ```ts
 * import { packetMreq, PACKET_MR_PROMISC } from "sockfam/core";
 * const mreq = packetMreq(2, PACKET_MR_PROMISC); // struct packet_mreq for ifindex 2
 * ```
 * @module
 */
export { decodeStats, fanoutValue, packetMreq, type PacketStats } from "./options.ts";
export { DatagramBatch, type BatchMessages } from "./batch.ts";
export type { NativeInetSocket } from "./inet.ts";
export { timestampOf } from "./inet_transport.ts";
export { RingBatch, type RingOptions } from "./ring.ts";
export { formatMac, parseMac } from "../address/mac.ts";
export type { NativeSocket, FilterSpec, SendFrames, PacketSocket } from "./socket.ts";
