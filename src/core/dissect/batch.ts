/**
 * Batch dissection of many frames in one WebAssembly call per batch.
 *
 * @example
 * ```ts
 * import { buildPacket, dissectBatch, LINKTYPE_ETHERNET } from "sockfam/core";
 * const frame1 = buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 5353, dport: 53 } });
 * const frame2 = buildPacket({ eth: {}, ipv6: { src: "2001:db8::1", dst: "2001:db8::2" }, tcp: { sport: 40000, dport: 443 } });
 * const table = dissectBatch([frame1, frame2], { linktype: LINKTYPE_ETHERNET });
 * table.packet(0).toJSON(); // { len: 42, ..., udp: { sport: 5353, dport: 53, len: 8, checksumOk: true }, ... }
 * ```
 * @module
 */
import { describe, objectArg, recordArg } from "../_args.ts";
import { C, COLUMNS } from "./_layout.ts";
import { CAPACITY, FRAMES_SIZE, dissectRows, exclusive, framesArena, liveColumns } from "./_engine.ts";
import { MAX_RECORD } from "../pcap/parser.ts";
import { PacketTable } from "./table.ts";
import { FrameError } from "../errors.ts";

/** A frame to dissect, with its own link type or original length if they differ from the defaults. */
export interface FrameInput {
  /** The captured bytes. */
  data: Uint8Array;
  /** Link type of this frame (default: the batch's). */
  linktype?: number;
  /** Original length on the wire (default: data.length). */
  origLength?: number;
  /** Timestamp seconds, kept for toJSON(). */
  tsSec?: number;
  /** Timestamp nanoseconds within the second. */
  tsNsec?: number;
}

/** Options of {@link dissectBatch}. */
export interface DissectOptions {
  /** Link type of frames that do not name one (default 1, Ethernet). */
  linktype?: number;
}

/**
 * Dissects `frames` (byte arrays, or {@link FrameInput} records such as those
 * a pcap reader yields) and returns a table that stays valid (it owns copies
 * of the columns and keeps references to the frames). Safe to call from
 * inside a dissectCapture/dissectStream visitor. A frame larger than
 * MAX_RECORD (8 MiB) throws FrameError FRAME_TOO_LARGE.
 *
 * @example
 * ```ts
 * import { buildPacket, dissectBatch, readCapture, writePcap } from "sockfam/core";
 * const ping = buildPacket({ ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, icmp: { id: 1, seq: 1 } });
 * const records = [...readCapture(writePcap([{ data: ping }], { linktype: 101 }))];
 * const t = dissectBatch(records, { linktype: 1 }); // each record names its own link type (101, raw IP)
 * console.log(t.length, t.packet(0).ipSrc); // 1 "10.0.0.1"
 * ```
 */
export function dissectBatch(frames: ReadonlyArray<Uint8Array | FrameInput>, options: DissectOptions = {}): PacketTable {
  if (!Array.isArray(frames)) throw new TypeError(`dissectBatch: frames must be an array of Uint8Array or { data, linktype?, origLength?, tsSec?, tsNsec? }, got ${describe(frames)}`);
  objectArg(options, "dissectBatch", "options", "{ linktype: 1 }");
  let bytes = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = recordArg(frames[i]!, "dissectBatch", `frames[${i}]`, "{ data: Uint8Array, linktype?, origLength?, tsSec?, tsNsec? }");
    bytes += f instanceof Uint8Array ? f.length : f.data.length;
  }
  return exclusive(Math.min(frames.length, CAPACITY), Math.min(bytes, FRAMES_SIZE), () => batch(frames, options));
}

function batch(frames: ReadonlyArray<Uint8Array | FrameInput>, options: DissectOptions): PacketTable {
  const n = frames.length;
  const linktype = options.linktype ?? 1;
  const out: Uint32Array[] = [];
  for (let k = 0; k < COLUMNS; k++) out.push(new Uint32Array(n));
  const datas: Uint8Array[] = new Array(n);
  const ts: ([number, number] | null)[] = new Array(n);
  let i = 0;
  while (i < n) {
    const arena = framesArena();
    const cols = liveColumns();
    let used = 0;
    let rows = 0;
    while (i + rows < n && rows < CAPACITY) {
      const f = frames[i + rows]!;
      const rec = f instanceof Uint8Array ? null : f;
      const data = rec ? rec.data : (f as Uint8Array);
      if (data.length > MAX_RECORD) throw new FrameError("FRAME_TOO_LARGE", `frame ${i + rows} has ${data.length} bytes; the dissector takes at most MAX_RECORD (${MAX_RECORD}): split or cut it`);
      if (used + data.length > FRAMES_SIZE) break;
      arena.set(data, used);
      cols[C.OFF]![rows] = used;
      cols[C.CAPLEN]![rows] = data.length;
      cols[C.WIRELEN]![rows] = rec?.origLength ?? data.length;
      cols[C.LINK]![rows] = rec?.linktype ?? linktype;
      datas[i + rows] = data;
      ts[i + rows] = rec && rec.tsSec !== undefined ? [rec.tsSec, rec.tsNsec ?? 0] : null;
      used += data.length;
      rows++;
    }
    dissectRows(rows);
    for (let k = 0; k < COLUMNS; k++) out[k]!.set(cols[k]!.subarray(0, rows), i);
    i += rows;
  }
  // Offsets in the copied table are relative to each frame: frame(i) returns the caller's bytes.
  out[C.OFF]!.fill(0);
  return new PacketTable(n, out, { frame: (k) => datas[k]!, ts: (k) => ts[k]! });
}
