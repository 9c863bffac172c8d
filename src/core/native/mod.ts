/**
 * The runtime-neutral part of sockfam's native sockets: the backend
 * interface a runtime implements, the Socket over it, sockaddr encoding,
 * packet-socket option structures and TPACKET_V3 ring batches (filters:
 * src/core/filter).
 *
 * @example
 * ```ts
 * import { packetMreq, PACKET_MR_PROMISC } from "sockfam/core";
 * const mreq = packetMreq(2, PACKET_MR_PROMISC); // struct packet_mreq for ifindex 2
 * ```
 * @module
 */
export type { NativeBackend, Waiter } from "./backend.ts";
export { READABLE, WRITABLE } from "./backend.ts";
export { decodeStats, encodeOptValue, fanoutValue, packetMreq, type PacketStats } from "./options.ts";
export { RING_META_WORDS, RingBatch, type RingOptions } from "./ring.ts";
export { dissectRingBatch } from "./ring_dissect.ts";
export { decodeSockaddr, encodeSockaddr, formatMac, parseMac } from "./sockaddr.ts";
export { NativeSocket, openWithBackend, type FilterSpec, type SendFrames, type PacketSocket } from "./socket.ts";
