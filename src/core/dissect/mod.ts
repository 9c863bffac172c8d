/**
 * Packet dissection by the WebAssembly core: batch (struct-of-arrays table
 * with lazy Packet views), single frame (plain JSON object) and whole
 * captures (pcap indexed inside the core).
 *
 * @example
 * ```ts
 * import { buildPacket, dissect, dissectCapture, mixedCapture } from "sockfam/core";
 * const frame = buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, tcp: { sport: 40000, dport: 80, flags: 2, options: { mss: 1460 } } });
 * dissect(frame).tcp?.options.mss; // 1460
 * dissectCapture(mixedCapture({ packets: 100 }), (table) => { for (const p of table) void p.ipSrc; });
 * ```
 * @module
 */
export { dissect, type DissectOneOptions } from "./dissect.ts";
export { dissectBatch, type DissectOptions, type FrameInput } from "./batch.ts";
export { dissectCapture, dissectRecords, dissectStream, type BatchVisitor, type CaptureSummary, type DissectCaptureOptions } from "./capture.ts";
export { Packet, PacketTable, type ChecksumStatus, type ColumnName, type PacketJSON, type TableSource } from "./table.ts";
export { formatIPv4, formatIPv6 } from "../address/ip.ts";
export { DISSECT_ERRORS, errorNames } from "./errors.ts";
export { dissectRingBatch } from "./ring_batch.ts";
export { pollDissect, recvDissect, type RingDissectOptions } from "./ring_direct.ts";
export { DissectPool, dissectCaptureParallel, setDissectWorkerFactory, type DissectWorker, type DissectWorkerFactory, type ParallelOptions, type PoolBatchVisitor } from "./parallel.ts";
