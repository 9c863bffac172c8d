/**
 * Incremental pcap/pcapng parser: feed it chunks in any sizes, get records as
 * soon as they are complete. Both byte orders, µs and ns pcap timestamps,
 * pcapng sections with several interfaces (per-interface link type,
 * if_tsresol, if_tsoffset), EPB/SPB/OPB packet blocks; other blocks skipped.
 * A bad or truncated file raises FrameError with the byte offset.
 *
 * @example
 * ```ts
 * import { CaptureParser, mixedCapture } from "sockfam/core";
 * const file = mixedCapture({ packets: 10 });
 * const stream = [file.subarray(0, 1000), file.subarray(1000)]; // chunks in any sizes, e.g. a ReadableStream
 * const parser = new CaptureParser();
 * for await (const chunk of stream) for (const rec of parser.feed(chunk)) console.log(rec.origLength);
 * parser.finish(); // throws FrameError("TRUNCATED", ...) if the file ended mid-record
 * ```
 * @module
 */
import { bytesArg } from "../_args.ts";
import { FrameError } from "../errors.ts";
import type { CaptureInfo, CaptureInterface, CaptureRecord } from "./record.ts";

/**
 * Largest captured length of one record (8 MiB), the one limit shared by the
 * readers (readCapture, readCaptureStream, CaptureParser), the batch
 * dissector (dissectBatch, dissect) and the whole-capture dissector
 * (dissectCapture, dissectStream): it is the size of the dissector's frames
 * arena. A pcapng block may be up to MAX_BLOCK (the record plus 64 KiB of
 * header and options).
 */
export const MAX_RECORD = 8 << 20;
/** Largest pcapng block the parser accepts (bytes): {@link MAX_RECORD} plus 64 KiB for headers and options. */
export const MAX_BLOCK = MAX_RECORD + (64 << 10);

const SHB = 0x0a0d0d0a;
const EMPTY = new Uint8Array(0);
const MIN_ACC = 64 << 10;

/**
 * The FrameError TRUNCATED for a capture that ends `have` bytes into a unit
 * (file header, record, block) starting at file offset `at` that needs `need`
 * bytes (0: unknown). Every reader and dissector reports a cut with this.
 */
export function truncatedError(what: string, at: number, have: number, need = 0): FrameError {
  const size = need ? ` of ${need} bytes` : "";
  return new FrameError(
    "TRUNCATED",
    `capture file ends inside its ${what}${size} at offset ${at} (${have} bytes of it present): the file was cut short; every complete record before it was delivered`,
    at,
  );
}

/**
 * Incremental capture-file parser (see the module doc). Records are yielded
 * as soon as they are complete; their `data` are views that stay valid (the
 * parser never reuses memory it has handed out). A chunked record is joined
 * in a buffer grown geometrically, so feeding costs time linear in the input.
 *
 * @example
 * ```ts
 * import { CaptureParser, writePcap } from "sockfam/core";
 * const file = writePcap([{ data: new Uint8Array([1, 2, 3]) }]);
 * const parser = new CaptureParser();
 * const records = [...parser.feed(file.subarray(0, 30)), ...parser.feed(file.subarray(30))];
 * parser.finish();
 * records[0].data; // Uint8Array [1, 2, 3]; parser.info.format === "pcap"
 * ```
 */
export class CaptureParser {
  /** File info, once the header has been read. */
  info: CaptureInfo | null = null;
  /** Bytes copied so far to join records split across chunks (at most about twice the input: feeding is linear). */
  copied = 0;
  #buf: Uint8Array = EMPTY; // bytes not yet consumed start at #pos
  #pos = 0; // read position in #buf
  #base = 0; // file offset of #buf[0]
  #le = true;
  #acc: Uint8Array = EMPTY; // join buffer; #buf is a prefix of it while joining
  #exposed = false; // records were yielded from #acc: never write over it again

  /** File offset of the next unread byte. */
  get offset(): number { return this.#base + this.#pos; }

  /** Parses `chunk` (and bytes left from earlier chunks); yields every complete record. */
  *feed(chunk: Uint8Array): Generator<CaptureRecord> {
    this.#append(bytesArg(chunk, "CaptureParser.feed", "chunk"));
    const buf = this.#buf;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (!this.info && !this.#header(buf, dv)) return;
    if (this.info!.format === "pcap") yield* this.#pcapRecords(buf, dv);
    else yield* this.#pcapngBlocks(buf, dv);
  }

  /** Makes #buf[#pos..] the unconsumed bytes followed by `chunk`, copying in amortised linear time. */
  #append(chunk: Uint8Array): void {
    const rest = this.#buf.length - this.#pos;
    if (rest === 0) { // nothing left over: parse the caller's chunk in place
      this.#base += this.#buf.length;
      this.#buf = chunk;
      this.#pos = 0;
      return;
    }
    const total = rest + chunk.length;
    const acc = this.#acc;
    const joining = this.#buf.buffer === acc.buffer && this.#buf.byteOffset === acc.byteOffset;
    if (joining && this.#buf.length + chunk.length <= acc.length) {
      acc.set(chunk, this.#buf.length); // append in place: nothing handed out lies beyond #buf
      this.#buf = acc.subarray(0, this.#buf.length + chunk.length);
      this.copied += chunk.length;
      return;
    }
    // Move the rest to the front of a buffer. While one unit is being joined
    // (nothing handed out from the buffer yet) it gets room for as much
    // again, so a record arriving in many chunks is copied O(1) times a byte.
    let next = acc;
    if (joining && !this.#exposed) {
      let cap = Math.max(MIN_ACC, acc.length);
      while (cap < 2 * total) cap *= 2;
      if (cap !== acc.length) next = new Uint8Array(cap);
    } else {
      next = new Uint8Array(total);
      this.#exposed = false;
    }
    if (next === acc) next.copyWithin(0, this.#pos, this.#buf.length);
    else next.set(this.#buf.subarray(this.#pos));
    next.set(chunk, rest);
    this.copied += total;
    this.#base += this.#pos;
    this.#pos = 0;
    this.#acc = next;
    this.#buf = next.subarray(0, total);
  }

  /** Marks records cut from the join buffer, so it is never written over. */
  #yielded(buf: Uint8Array): void {
    if (buf.buffer === this.#acc.buffer) this.#exposed = true;
  }

  /** Call at the end of input: throws FrameError TRUNCATED if the file ended inside a header or record. */
  finish(): void {
    const have = this.#buf.length - this.#pos;
    if (!this.info) throw truncatedError("file header", 0, this.offset + have, this.#headerNeed());
    if (have > 0) {
      const what = this.info.format === "pcap" ? "record" : "block";
      throw truncatedError(what, this.offset, have, this.#unitNeed());
    }
  }

  /** Bytes the file header needs (24 for pcap, the section header block for pcapng), 0 if unknown yet. */
  #headerNeed(): number {
    const b = this.#buf.subarray(this.#pos);
    if (b.length < 4) return 0;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return dv.getUint32(0, true) === SHB ? shbLength(dv) : 24;
  }

  /** Size of the incomplete record or block at #pos, 0 if its header is cut too. */
  #unitNeed(): number {
    const b = this.#buf.subarray(this.#pos);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (this.info!.format === "pcap") return b.length >= 16 ? 16 + dv.getUint32(8, this.#le) : 0;
    return b.length >= 8 ? dv.getUint32(4, this.#le) : 0;
  }

  #header(buf: Uint8Array, dv: DataView): boolean {
    if (buf.length < 4) return false;
    const m = dv.getUint32(0, true);
    if (m === SHB) { // the file header is the whole first section header block
      const len = shbLength(dv);
      if (len === 0) return false;
      const bom = dv.getUint32(8, true);
      if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) {
        throw new FrameError("BAD_MAGIC", `pcapng section header at offset 0 has byte-order magic 0x${bom.toString(16)}: not a pcapng file`, 0);
      }
      if (len >= 28 && len % 4 === 0 && len <= MAX_BLOCK && buf.length < len) return false; // a bad length: BAD_BLOCK below
      this.info = { format: "pcapng", bigEndian: false, nanosecond: false, interfaces: [] };
      return true;
    }
    let le: boolean, ns: boolean;
    if (m === 0xa1b2c3d4) { le = true; ns = false; }
    else if (m === 0xa1b23c4d) { le = true; ns = true; }
    else if (m === 0xd4c3b2a1) { le = false; ns = false; }
    else if (m === 0x4d3cb2a1) { le = false; ns = true; }
    else {
      throw new FrameError("BAD_MAGIC", `not a pcap or pcapng file: magic 0x${m.toString(16).padStart(8, "0")} at offset ${this.#base}`, this.#base);
    }
    if (buf.length < 24) return false;
    this.#le = le;
    const snaplen = dv.getUint32(16, le);
    const linktype = dv.getUint32(20, le) & 0xffff;
    const iface: CaptureInterface = { linktype, snaplen, tsPerSecond: ns ? 1_000_000_000n : 1_000_000n, tsOffset: 0n };
    this.info = { format: "pcap", bigEndian: !le, nanosecond: ns, interfaces: [iface] };
    this.#pos = 24;
    return true;
  }

  *#pcapRecords(buf: Uint8Array, dv: DataView): Generator<CaptureRecord> {
    const le = this.#le;
    const iface = this.info!.interfaces[0]!;
    const mul = this.info!.nanosecond ? 1 : 1000;
    const linktype = iface.linktype;
    let pos = this.#pos;
    while (pos + 16 <= buf.length) {
      const caplen = dv.getUint32(pos + 8, le);
      if (caplen > MAX_RECORD) {
        this.#pos = pos;
        throw badRecord(this.#base + pos, caplen);
      }
      if (pos + 16 + caplen > buf.length) break;
      const rec: CaptureRecord = {
        data: buf.subarray(pos + 16, pos + 16 + caplen),
        origLength: dv.getUint32(pos + 12, le),
        tsSec: dv.getUint32(pos, le),
        tsNsec: dv.getUint32(pos + 4, le) * mul,
        linktype,
        interfaceId: 0,
      };
      pos += 16 + caplen;
      this.#pos = pos;
      this.#yielded(buf);
      yield rec;
    }
    this.#pos = pos;
  }

  *#pcapngBlocks(buf: Uint8Array, dv: DataView): Generator<CaptureRecord> {
    let pos = this.#pos;
    while (pos + 12 <= buf.length) {
      const at = this.#base + pos;
      let type = dv.getUint32(pos, this.#le);
      if (dv.getUint32(pos, true) === SHB) {
        type = SHB;
        const bom = dv.getUint32(pos + 8, true);
        if (bom === 0x1a2b3c4d) this.#le = true;
        else if (bom === 0x4d3c2b1a) this.#le = false;
        else throw new FrameError("BAD_MAGIC", `pcapng section header at offset ${at} has byte-order magic 0x${bom.toString(16)}`, at);
      }
      const le = this.#le;
      const len = dv.getUint32(pos + 4, le);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
        this.#pos = pos;
        throw new FrameError("BAD_BLOCK", `pcapng block at offset ${at} has total length ${len} (must be a multiple of 4, at least 12, at most ${MAX_BLOCK}): the file is corrupt`, at);
      }
      if (pos + len > buf.length) break;
      if (dv.getUint32(pos + len - 4, le) !== len) {
        this.#pos = pos;
        throw new FrameError("BAD_BLOCK", `pcapng block at offset ${at}: trailing length differs from leading length ${len}`, at);
      }
      const body = pos + 8, end = pos + len - 4;
      const rec = this.#block(type, buf, dv, body, end, at);
      pos += len;
      this.#pos = pos;
      if (rec) { this.#yielded(buf); yield rec; }
    }
    this.#pos = pos;
  }

  #block(type: number, buf: Uint8Array, dv: DataView, body: number, end: number, at: number): CaptureRecord | null {
    const le = this.#le;
    const info = this.info!;
    if (type === SHB) {
      info.bigEndian = !le;
      info.interfaces = [];
      return null;
    }
    if (type === 1) { // Interface Description Block
      if (end - body < 8) throw new FrameError("BAD_BLOCK", `pcapng interface block at offset ${at} is too short`, at);
      const iface: CaptureInterface = { linktype: dv.getUint16(body, le), snaplen: dv.getUint32(body + 4, le), tsPerSecond: 1_000_000n, tsOffset: 0n };
      for (let o = body + 8; o + 4 <= end;) {
        const code = dv.getUint16(o, le), olen = dv.getUint16(o + 2, le);
        if (code === 0 || o + 4 + olen > end) break;
        const v = o + 4;
        if (code === 9 && olen >= 1) {
          const r = buf[v]!;
          iface.tsPerSecond = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
        } else if (code === 14 && olen >= 8) {
          iface.tsOffset = dv.getBigInt64(v, le);
        } else if (code === 2) {
          iface.name = new TextDecoder().decode(buf.subarray(v, v + olen)).replace(/\0+$/, "");
        }
        o = v + ((olen + 3) & ~3);
      }
      info.interfaces.push(iface);
      return null;
    }
    if (type === 6 || type === 2) { // Enhanced / obsolete Packet Block
      if (end - body < 20) throw new FrameError("BAD_BLOCK", `pcapng packet block at offset ${at} is too short`, at);
      const id = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = info.interfaces[id];
      if (!iface) throw new FrameError("BAD_INTERFACE", `pcapng packet block at offset ${at} names interface ${id}, but only ${info.interfaces.length} were described before it`, at);
      const caplen = dv.getUint32(body + 12, le);
      if (caplen > MAX_RECORD) throw badRecord(at, caplen);
      if (body + 20 + caplen > end) throw new FrameError("BAD_BLOCK", `pcapng packet block at offset ${at}: captured length ${caplen} overruns the block`, at);
      const [sec, nsec] = tsOf(dv.getUint32(body + 4, le), dv.getUint32(body + 8, le), iface);
      return { data: buf.subarray(body + 20, body + 20 + caplen), origLength: dv.getUint32(body + 16, le), tsSec: sec, tsNsec: nsec, linktype: iface.linktype, interfaceId: id };
    }
    if (type === 3) { // Simple Packet Block: interface 0, no timestamp
      const iface = info.interfaces[0];
      if (!iface) throw new FrameError("BAD_INTERFACE", `pcapng simple packet block at offset ${at} comes before any interface block`, at);
      const orig = dv.getUint32(body, le);
      // Its captured length is implied: the original length, cut to the interface's snaplen (the block is padded).
      const caplen = iface.snaplen ? Math.min(orig, iface.snaplen) : orig;
      if (caplen > MAX_RECORD) throw badRecord(at, caplen);
      if (body + 4 + caplen > end) throw new FrameError("BAD_BLOCK", `pcapng simple packet block at offset ${at}: ${caplen} bytes of packet data (its original length${iface.snaplen ? ", cut to the snaplen" : ""}) overrun the block`, at);
      return { data: buf.subarray(body + 4, body + 4 + caplen), origLength: orig, tsSec: 0, tsNsec: 0, linktype: iface.linktype, interfaceId: 0 };
    }
    return null; // unknown or uninteresting block: skipped
  }
}

/** Total length of the section header block at the start of `dv`, 0 if not known yet (fewer than 12 bytes). */
function shbLength(dv: DataView): number {
  if (dv.byteLength < 12) return 0;
  const bom = dv.getUint32(8, true);
  return dv.getUint32(4, bom === 0x1a2b3c4d);
}

/** The FrameError BAD_RECORD for a record claiming more than MAX_RECORD captured bytes. */
export function badRecord(at: number, caplen: number): FrameError {
  return new FrameError("BAD_RECORD", `capture record at offset ${at} claims ${caplen} captured bytes (more than the limit of ${MAX_RECORD}): the file is corrupt`, at);
}

function tsOf(high: number, low: number, iface: CaptureInterface): [number, number] {
  const tps = iface.tsPerSecond;
  if (tps === 1_000_000n && iface.tsOffset === 0n) {
    const us = high * 4294967296 + low;
    const sec = Math.floor(us / 1e6);
    return [sec, (us - sec * 1e6) * 1000];
  }
  const t = (BigInt(high) << 32n) | BigInt(low);
  const sec = t / tps + iface.tsOffset;
  const nsec = ((t % tps) * 1_000_000_000n) / tps;
  return [Number(sec), Number(nsec)];
}
