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
export { DGRAM_META_WORDS, DatagramBatch, batchFor, packMessages, readBatch, type BatchMessages } from "./batch.ts";
export { NativeInetSocket, isNativeInet, makeNativeSocketFactory } from "./inet.ts";
export { OnDemandStreamSocket } from "./on_demand.ts";
export { preferNative } from "./prefer.ts";
export { timestampOf } from "./inet_transport.ts";
export { RING_META_WORDS, RingBatch, type RingOptions } from "./ring.ts";
export { dissectRingBatch } from "../dissect/ring_batch.ts";
export { decodeSockaddr, encodeSockaddr } from "./sockaddr.ts";
export { formatMac, parseMac } from "../address/mac.ts";
export { NativeSocket, openWithBackend, type FilterSpec, type SendFrames, type PacketSocket } from "./socket.ts";
