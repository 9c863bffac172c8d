/**
 * Types shared by the pcap/pcapng readers and writers.
 *
 * @example
 * ```ts
 * import type { CaptureRecord } from "sockfam/core";
 * const data = new Uint8Array(60);
 * const rec: CaptureRecord = { data, origLength: data.length, tsSec: 1700000000, tsNsec: 10_000, linktype: 1, interfaceId: 0 };
 * ```
 * @module
 */

/** One captured packet. */
export interface CaptureRecord {
  /** Captured bytes (a view into the input where possible: copy it to keep it past the next chunk). */
  data: Uint8Array;
  /** Length on the wire. */
  origLength: number;
  /** Timestamp: whole seconds since 1970. */
  tsSec: number;
  /** Timestamp: nanoseconds within the second. */
  tsNsec: number;
  /** Link type of the interface the packet was captured on. */
  linktype: number;
  /** pcapng interface id (0 for pcap). */
  interfaceId: number;
}

/** An interface of a capture file (pcap files have exactly one). */
export interface CaptureInterface {
  /** LINKTYPE_* value. */
  linktype: number;
  /** Snapshot length (0: unlimited). */
  snaplen: number;
  /** Timestamp units per second (1e6 for µs pcap, 1e9 for ns). */
  tsPerSecond: bigint;
  /** Seconds added to every timestamp (pcapng if_tsoffset). */
  tsOffset: bigint;
  /** Interface name (pcapng if_name), if given. */
  name?: string;
}

/** What the reader found in the file header. */
export interface CaptureInfo {
  /** "pcap" or "pcapng". */
  format: "pcap" | "pcapng";
  /** True when the file is big-endian (pcap) or the current section is (pcapng). */
  bigEndian: boolean;
  /** pcap: true for nanosecond timestamps. */
  nanosecond: boolean;
  /** Interfaces seen so far (pcapng sections may add more). */
  interfaces: CaptureInterface[];
}
