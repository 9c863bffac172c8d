/**
 * Single-frame dissection returning the plain JSON-shaped object.
 *
 * @example
 * ```ts
 * import { buildPacket, dissect } from "sockfam/core";
 * const frame = buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 5353, dport: 53 } });
 * const info = dissect(frame); // { len, caplen, eth: {...}, ipv4: {...}, udp: {...}, payloadLen, errors: [] }
 * ```
 * @module
 */
import { bytesArg, objectArg } from "../_args.ts";
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
 * import { buildPacket, dissect } from "sockfam/core";
 * const frame = buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 5353, dport: 53 } });
 * dissect(frame).ipv4?.checksumOk; // true
 * const ipPacket = buildPacket({ ipv6: { src: "fe80::1", dst: "fe80::2" }, udp: { sport: 546, dport: 547 } });
 * dissect(ipPacket, 101).ipv6?.src; // "fe80::1" (101: LINKTYPE_RAW)
 * ```
 */
export function dissect(frame: Uint8Array, linktype = 1, options: DissectOneOptions = {}): PacketJSON {
  return dissectBatch([{ data: bytesArg(frame, "dissect", "frame"), linktype, origLength: objectArg(options, "dissect", "options", "{ origLength: 1514 }").origLength }]).packet(0).toJSON();
}
