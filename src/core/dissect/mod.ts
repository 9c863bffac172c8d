/**
 * Packet dissection by the WebAssembly core: batch (struct-of-arrays table
 * with lazy Packet views), single frame (plain JSON object) and whole
 * captures (pcap indexed inside the core).
 *
 * @example
 * ```ts
 * import { dissect, dissectCapture } from "sockfam/core";
 * dissect(frame).tcp?.options.mss;
 * dissectCapture(pcapBytes, (table) => { for (const p of table) void p.ipSrc; });
 * ```
 * @module
 */
export { dissect, type DissectOneOptions } from "./dissect.ts";
export { dissectBatch, type DissectOptions, type FrameInput } from "./batch.ts";
export { dissectCapture, dissectRecords, dissectStream, type BatchVisitor, type CaptureSummary } from "./capture.ts";
export { Packet, PacketTable, type ChecksumStatus, type ColumnName, type PacketJSON, type TableSource } from "./table.ts";
export { formatIPv4, formatIPv6 } from "./format.ts";
export { DISSECT_ERRORS, errorNames } from "./_layout.ts";
