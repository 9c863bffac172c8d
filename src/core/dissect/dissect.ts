/**
 * Single-frame dissection returning the plain JSON-shaped object.
 *
 * @example
 * ```ts
 * import { dissect } from "sockfam/core";
 * const info = dissect(frame); // { len, caplen, eth: {...}, ipv4: {...}, udp: {...}, payloadLen, errors: [] }
 * ```
 * @module
 */
import { dissectBatch } from "./batch.ts";
import type { PacketJSON } from "./table.ts";

/** Options of {@link dissect}. */
export interface DissectOneOptions {
  /** Original length on the wire, if the frame was cut by a snaplen. */
  origLength?: number;
}

/**
 * Dissects one frame of link type `linktype` (default 1, Ethernet) into the
 * JSON shape of `sockfam dissect --json` (without `n` and `ts`).
 *
 * @example
 * ```ts
 * dissect(frame).ipv4?.checksumOk; // true
 * dissect(ipPacket, 101).ipv6?.src; // 101: LINKTYPE_RAW
 * ```
 */
export function dissect(frame: Uint8Array, linktype = 1, options: DissectOneOptions = {}): PacketJSON {
  return dissectBatch([{ data: frame, linktype, origLength: options.origLength }]).packet(0).toJSON();
}
