/**
 * Reads a dissected IPv4 or IPv6 fragment out of its frame: the key of its
 * datagram, its offset and data, and for the first fragment the header bytes
 * the rebuilt datagram starts with (IPv6: the unfragmentable part, with the
 * fragment header taken out and its next-header value moved up).
 *
 * @module
 */
import type { Packet } from "../dissect/table.ts";
import type { Fragment } from "./_defrag.ts";

/** True when `p` is a fragment that needs reassembly (not an atomic IPv6 fragment). */
export function isFragment(p: Packet): boolean {
  if (p.hasIpv4) return p.moreFragments || p.fragOffset !== 0;
  return p.hasIpv6 && p.hasFragment6 && (p.moreFragments || p.fragOffset !== 0);
}

/** The fragment of packet `p`, or null when its headers are cut short. */
export function readFragment(p: Packet, time: number): Fragment | null {
  const f = p.frame, l3 = p.l3Offset;
  if (p.hasIpv4) {
    const ihl = (f[l3]! & 15) * 4, total = (f[l3 + 2]! << 8) | f[l3 + 3]!;
    if (l3 + total > f.length || total < ihl) return null;
    const offset = p.fragOffset * 8;
    return {
      key: `4|${p.ipSrc}|${p.ipDst}|${f[l3 + 9]}|${p.ipId}`, offset, more: p.moreFragments, version: 4, time,
      data: f.subarray(l3 + ihl, l3 + total), head: offset === 0 ? f.subarray(l3, l3 + ihl) : null,
    };
  }
  const end = l3 + 40 + ((f[l3 + 4]! << 8) | f[l3 + 5]!);
  if (end > f.length) return null;
  let next = f[l3 + 6]!, nextAt = l3 + 6, o = l3 + 40;
  while (next === 0 || next === 43 || next === 60) {
    if (o + 8 > end) return null;
    nextAt = o;
    next = f[o]!;
    o += (f[o + 1]! + 1) * 8;
  }
  if (next !== 44 || o + 8 > end) return null;
  const word = (f[o + 2]! << 8) | f[o + 3]!;
  const offset = word & 0xfff8;
  let head: Uint8Array | null = null;
  if (offset === 0) {
    head = new Uint8Array(o - l3);
    head.set(f.subarray(l3, o));
    head[nextAt - l3] = f[o]!;
  }
  const ident = ((f[o + 4]! << 24) | (f[o + 5]! << 16) | (f[o + 6]! << 8) | f[o + 7]!) >>> 0;
  return { key: `6|${p.ipSrc}|${p.ipDst}|${ident}`, offset, more: (word & 1) === 1, version: 6, time, data: f.subarray(o + 8, end), head };
}
