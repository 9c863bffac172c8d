/**
 * Internal: where {@link DissectPool} splits a pcap into runs — offsets that
 * are (probably) record starts, found by looking for a chain of plausible
 * record headers near each target offset. A guess: the run before a split
 * point verifies it by ending exactly there, and the pool falls back to one
 * thread when it does not. Works on bytes in memory ({@link splitPoints}) or
 * on small windows read from a file ({@link splitPointsAt}).
 *
 * @example
 * ```ts
 * import { splitPoints } from "./_split.ts";
 * import { mixedCapture } from "../build/mix.ts";
 * const points = splitPoints(mixedCapture({ packets: 10_000 }), 4); // [24, ...]: up to 4 runs
 * ```
 * @module
 */
import { MAX_RECORD } from "../pcap/parser.ts";

/** Consecutive plausible record headers that make a split point (then verified by the run before it). */
const CHAIN = 8;
/** How far past a target offset to look for a split point. */
const RESYNC_WINDOW = 1 << 20;
/** The first window read around a target (grown while too small for a chain). */
const FIRST_WINDOW = 64 << 10;

/** What the headers of a pcap say about its records: byte order, the largest caplen, the fraction limit. */
interface Shape { le: boolean; snaplen: number; fracMax: number }

/** The shape of the pcap whose 24-byte file header is `head`. */
function shapeOf(head: Uint8Array): Shape {
  const dv = new DataView(head.buffer, head.byteOffset, 24);
  const m = dv.getUint32(0, true);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const ns = m === 0xa1b23c4d || m === 0x4d3cb2a1;
  const snap = dv.getUint32(16, le);
  return { le, snaplen: snap > 0 && snap < MAX_RECORD ? snap : MAX_RECORD, fracMax: ns ? 1e9 : 1e6 };
}

/**
 * The first offset of `dv` at or after `from` where CHAIN consecutive
 * plausible record headers start, or where a shorter chain reaches `end`
 * exactly (the end of the capture); -1 if none is found within RESYNC_WINDOW.
 */
function resync(dv: DataView, from: number, s: Shape, end: number): number {
  const n = dv.byteLength;
  for (let p = from, stop = Math.min(n - 16, from + RESYNC_WINDOW); p <= stop; p++) {
    let q = p, ok = 0;
    while (ok < CHAIN && q + 16 <= n) {
      const caplen = dv.getUint32(q + 8, s.le), orig = dv.getUint32(q + 12, s.le);
      if (caplen > s.snaplen || orig < caplen || dv.getUint32(q + 4, s.le) >= s.fracMax) break;
      q += 16 + caplen;
      ok++;
    }
    if (ok === CHAIN || (ok > 0 && q === end)) return p;
  }
  return -1;
}

/**
 * Split points for `parts` runs of about equal size of the pcap in `bytes`:
 * offsets of (probable) record starts, increasing, the first 24.
 */
export function splitPoints(bytes: Uint8Array, parts: number): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = shapeOf(bytes);
  const points = [24];
  for (let k = 1; k < parts; k++) {
    const target = 24 + Math.floor(((bytes.length - 24) * k) / parts);
    const p = resync(dv, Math.max(target, points[points.length - 1]! + 16), s, bytes.length);
    if (p > points[points.length - 1]! && p < bytes.length) points.push(p);
  }
  return points;
}

/**
 * Reads up to `into.length` bytes at file offset `position` into `into`;
 * returns how many (0 at the end of the file).
 */
export type ReadAt = (position: number, into: Uint8Array) => number;

/**
 * As {@link splitPoints}, for the records from offset `start` (a record's
 * first byte) of a pcap file of `size` bytes with header `head`, read through
 * `read`: only a small window after each target is read.
 */
export function splitPointsAt(read: ReadAt, head: Uint8Array, size: number, parts: number, start = 24): number[] {
  const s = shapeOf(head);
  const points = [start];
  let win = new Uint8Array(FIRST_WINDOW);
  for (let k = 1; k < parts; k++) {
    const from = Math.max(start + Math.floor(((size - start) * k) / parts), points[points.length - 1]! + 16);
    for (let len = FIRST_WINDOW; ; len *= 2) {
      if (win.length < len) win = new Uint8Array(len);
      let got = 0;
      for (let n; got < len && (n = read(from + got, win.subarray(got, len))) > 0;) got += n;
      const open = from + got < size;
      const p = resync(new DataView(win.buffer, 0, got), 0, s, size - from);
      if (p >= 0) {
        if (from + p < size) points.push(from + p);
        break;
      }
      if (!open || len >= RESYNC_WINDOW) break;
    }
  }
  return points;
}
