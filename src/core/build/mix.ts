/**
 * A generated mixed capture for benchmarks and demos: IPv4 and IPv6, TCP
 * (with options on SYNs), UDP and ICMP/ICMPv6 echo, some VLAN and QinQ tags,
 * a spread of sizes (about half small, the rest up to 1514 bytes), valid
 * checksums. Deterministic for a given seed.
 *
 * @example
 * ```ts
 * import { mixedCapture, dissectCapture } from "sockfam/core";
 * const pcap = mixedCapture({ packets: 100_000 });
 * dissectCapture(pcap).packets; // 100000
 * ```
 * @module
 */
import { buildPacket, type PacketSpec } from "./packet.ts";
import { pcapHeader } from "../pcap/writer.ts";

/** Options of {@link mixedCapture}. */
export interface MixOptions {
  /** Number of packets (default 200000). */
  packets?: number;
  /** Distinct packets generated before cycling (default 4096). */
  distinct?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

/**
 * The frames of the mix (distinct ones), for tests and demos.
 *
 * @example
 * ```ts
 * const frames = mixedFrames(100); // 100 Ethernet frames
 * ```
 */
export function mixedFrames(count: number, seed = 1): Uint8Array[] {
  let s = seed >>> 0 || 1;
  const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const int = (n: number) => Math.floor(rnd() * n);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const size = r < 0.5 ? int(48) : r < 0.8 ? 64 + int(500) : 600 + int(800);
    const payload = new Uint8Array(size);
    for (let k = 0; k < size; k++) payload[k] = (i + k * 7) & 255;
    const v6 = rnd() < 0.3;
    const vl = rnd();
    const spec: PacketSpec = {
      eth: { src: `02:00:00:00:${HEX(int(256))}:01`, dst: `02:00:00:00:${HEX(int(256))}:02`, vlans: vl < 0.15 ? [1 + int(4000)] : vl < 0.2 ? [100, 1 + int(4000)] : [] },
      payload,
    };
    if (v6) spec.ipv6 = { src: `2001:db8::${(1 + int(65000)).toString(16)}`, dst: `2001:db8:1::${(1 + int(65000)).toString(16)}`, hopLimit: 64 };
    else spec.ipv4 = { src: `10.${int(256)}.${int(256)}.1`, dst: `10.${int(256)}.${int(256)}.2`, id: int(65536), df: rnd() < 0.8, ttl: 64 };
    const l4 = rnd();
    if (l4 < 0.6) {
      const syn = rnd() < 0.1;
      spec.tcp = {
        sport: 1024 + int(60000), dport: [80, 443, 22][int(3)]!, seq: int(2 ** 32), ack: syn ? 0 : int(2 ** 32),
        flags: syn ? 2 : 0x18, window: int(65536),
        options: syn ? { mss: 1460, sackPerm: true, tsval: int(2 ** 32), tsecr: 0, wscale: 7 } : { tsval: int(2 ** 32), tsecr: int(2 ** 32) },
      };
    } else if (l4 < 0.9) spec.udp = { sport: 1024 + int(60000), dport: [53, 123, 443][int(3)]! };
    else if (v6) spec.icmpv6 = { id: int(65536), seq: int(65536) };
    else spec.icmp = { id: int(65536), seq: int(65536) };
    frames.push(buildPacket(spec));
  }
  return frames;
}

const HEX = (n: number) => n.toString(16).padStart(2, "0");

/**
 * A pcap file (Ethernet, µs timestamps) of `packets` frames cycling through
 * `distinct` generated ones.
 *
 * @example
 * ```ts
 * const bytes = mixedCapture({ packets: 50_000 });
 * ```
 */
export function mixedCapture(options: MixOptions = {}): Uint8Array {
  const packets = options.packets ?? 200_000;
  const frames = mixedFrames(Math.min(options.distinct ?? 4096, packets), options.seed ?? 1);
  let total = 24;
  for (let i = 0; i < packets; i++) total += 16 + frames[i % frames.length]!.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(pcapHeader({ linktype: 1 }), 0);
  let o = 24;
  for (let i = 0; i < packets; i++) {
    const f = frames[i % frames.length]!;
    dv.setUint32(o, 1700000000 + Math.floor(i / 1000), true);
    dv.setUint32(o + 4, (i % 1000) * 1000, true);
    dv.setUint32(o + 8, f.length, true);
    dv.setUint32(o + 12, f.length, true);
    out.set(f, o + 16);
    o += 16 + f.length;
  }
  return out;
}
