/**
 * The runtime-neutral part of sockfam's native sockets: the backend
 * interface a runtime implements, the Socket over it, sockaddr encoding,
 * classic BPF (builder, tcpdump -dd reader, interpreter), packet-socket
 * option structures and TPACKET_V3 ring batches.
 *
 * @example
 * ```ts
 * import { compileFilter, encodeBpf } from "sockfam/core";
 * const bytes = encodeBpf(compileFilter("ether proto 0x88b5")); // for SO_ATTACH_FILTER
 * ```
 * @module
 */
export type { NativeBackend, Waiter } from "./backend.ts";
export { READABLE, WRITABLE } from "./backend.ts";
export { compileFilter, encodeBpf, parseFilter, parseTcpdumpProgram, runBpf, BPF_ACCEPT, type BpfInsn, type FilterTerm } from "./bpf.ts";
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
