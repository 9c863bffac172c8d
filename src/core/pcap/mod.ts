/**
 * pcap and pcapng: an incremental parser, readers from bytes and streams, and writers.
 *
 * @example
 * ```ts
 * import { mixedCapture, readCapture, writePcap } from "sockfam/core";
 * const bytes = mixedCapture({ packets: 10 });
 * const copy = writePcap(readCapture(bytes), { nanosecond: true });
 * ```
 * @module
 */
export type { CaptureInfo, CaptureInterface, CaptureRecord } from "./record.ts";
export { CaptureParser, MAX_BLOCK, MAX_RECORD } from "./parser.ts";
export { readCapture, readCaptureFile, readCaptureStream, type CaptureReader, type ChunkSource } from "./reader.ts";
export {
  pcapHeader, pcapngHeader, pcapngRecord, pcapRecord, writePcap, writePcapng,
  type PcapngInterface, type PcapngOptions, type PcapOptions, type WriteRecord,
} from "./writer.ts";
