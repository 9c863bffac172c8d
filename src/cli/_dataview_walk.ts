/**
 * A hand-written DataView header walk over a little-endian Ethernet pcap
 * (no checksums): the baseline the WASM dissector is compared with.
 *
 * @example
 * ```ts
 * dataViewWalk(pcapBytes); // a number summing a few header fields
 * ```
 * @module
 */

/** Walks every record's Ethernet/VLAN/IPv4/IPv6/TCP/UDP headers; returns a checksum of fields read. */
export function dataViewWalk(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 24, acc = 0;
  const end = bytes.length;
  while (pos + 16 <= end) {
    const caplen = dv.getUint32(pos + 8, true);
    const f = pos + 16;
    pos = f + caplen;
    if (pos > end || caplen < 14) break;
    let o = f + 12;
    let et = dv.getUint16(o);
    o += 2;
    while ((et === 0x8100 || et === 0x88a8) && o + 4 <= pos) { acc += dv.getUint16(o) & 0xfff; et = dv.getUint16(o + 2); o += 4; }
    let proto = -1, l4 = 0;
    if (et === 0x0800 && o + 20 <= pos) {
      const ihl = (bytes[o]! & 15) * 4;
      proto = bytes[o + 9]!;
      acc += dv.getUint32(o + 12) ^ dv.getUint32(o + 16);
      l4 = o + ihl;
    } else if (et === 0x86dd && o + 40 <= pos) {
      proto = bytes[o + 6]!;
      acc += dv.getUint32(o + 20) ^ dv.getUint32(o + 36);
      l4 = o + 40;
    }
    if ((proto === 6 || proto === 17) && l4 + 8 <= pos) acc += dv.getUint16(l4) + dv.getUint16(l4 + 2);
    if (proto === 6 && l4 + 20 <= pos) acc += dv.getUint32(l4 + 4) + (bytes[l4 + 13]! & 0x3f);
    acc |= 0;
  }
  return acc;
}
