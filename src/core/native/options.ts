/**
 * Socket option values in bytes: ints and booleans as a C int, strings
 * NUL-terminated (SO_BINDTODEVICE), bytes as given; plus the packet-socket
 * structures (struct packet_mreq, the PACKET_FANOUT word, struct
 * tpacket_stats).
 *
 * @example
 * ```ts
 * import { packetMreq, fanoutValue, PACKET_MR_PROMISC, PACKET_FANOUT_HASH } from "sockfam/core";
 * const mreq = packetMreq(2, PACKET_MR_PROMISC);     // 16 bytes for PACKET_ADD_MEMBERSHIP
 * const fan = fanoutValue(42, PACKET_FANOUT_HASH);   // 42
 * ```
 * @module
 */
import type { SockOptValue } from "../socket/types.ts";
import { LITTLE_ENDIAN } from "../_endian.ts";
import { parseMac } from "../address/mac.ts";

/**
 * Encodes an option value: number/boolean → C int, string → NUL-terminated bytes, bytes as given.
 *
 * @example
 * ```ts
 * encodeOptValue(7); // Uint8Array [7, 0, 0, 0] on little-endian machines
 * ```
 */
export function encodeOptValue(value: SockOptValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") {
    const b = new TextEncoder().encode(value);
    const out = new Uint8Array(b.length + 1);
    out.set(b);
    return out;
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, typeof value === "boolean" ? (value ? 1 : 0) : value, LITTLE_ENDIAN);
  return out;
}

/**
 * Reads a C int from option bytes.
 *
 * @example
 * ```ts
 * decodeInt(new Uint8Array([7, 0, 0, 0])); // 7
 * ```
 */
export function decodeInt(b: Uint8Array): number {
  if (b.length >= 4) return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, LITTLE_ENDIAN);
  return b.length ? b[0]! : 0;
}

/**
 * struct packet_mreq for PACKET_ADD_MEMBERSHIP / PACKET_DROP_MEMBERSHIP.
 * @param ifindex interface index
 * @param type PACKET_MR_PROMISC, PACKET_MR_MULTICAST, PACKET_MR_ALLMULTI
 * @param addr link-layer multicast address for PACKET_MR_MULTICAST
 *
 * @example
 * ```ts
 * import { packetMreq, PACKET_ADD_MEMBERSHIP, PACKET_MR_MULTICAST, SOL_PACKET, type Socket } from "sockfam/core";
 * declare const sock: Socket; // an AF_PACKET socket
 * await sock.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, packetMreq(3, PACKET_MR_MULTICAST, "01:00:5e:00:00:01"));
 * ```
 */
export function packetMreq(ifindex: number, type: number, addr?: string): Uint8Array {
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, ifindex, LITTLE_ENDIAN);
  dv.setUint16(4, type, LITTLE_ENDIAN);
  if (addr) {
    const mac = parseMac(addr, "setsockopt");
    dv.setUint16(6, mac.length, LITTLE_ENDIAN);
    out.set(mac, 8);
  }
  return out;
}

/**
 * The PACKET_FANOUT option word: group id (16 bits) | mode << 16 | flags << 16.
 *
 * @example
 * ```ts
 * import { fanoutValue, PACKET_FANOUT, PACKET_FANOUT_LB, SOL_PACKET, type Socket } from "sockfam/core";
 * declare const sock: Socket; // an AF_PACKET socket
 * await sock.setsockopt(SOL_PACKET, PACKET_FANOUT, fanoutValue(7, PACKET_FANOUT_LB));
 * ```
 */
export function fanoutValue(groupId: number, mode: number, flags = 0): number {
  return ((groupId & 0xffff) | ((mode | flags) << 16)) >>> 0;
}

/**
 * Counters from PACKET_STATISTICS (the kernel resets them on each read).
 *
 * @example
 * ```ts
 * import type { PacketSocket, PacketStats } from "sockfam/core";
 * declare const sock: PacketSocket;
 * const { packets, drops }: PacketStats = sock.stats();
 * ```
 */
export interface PacketStats {
  /** Frames received (including those dropped). */
  packets: number;
  /** Frames dropped because the socket buffer or ring was full. */
  drops: number;
  /** TPACKET_V3 only: times the ring's queue was frozen. */
  freezeQueueCount?: number;
}

/**
 * Decodes struct tpacket_stats / tpacket_stats_v3 bytes.
 *
 * @example
 * ```ts
 * decodeStats(new Uint8Array([5, 0, 0, 0, 1, 0, 0, 0]), 8); // { packets: 5, drops: 1 }
 * ```
 */
export function decodeStats(b: Uint8Array, len: number): PacketStats {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const s: PacketStats = { packets: dv.getUint32(0, LITTLE_ENDIAN), drops: dv.getUint32(4, LITTLE_ENDIAN) };
  if (len >= 12) s.freezeQueueCount = dv.getUint32(8, LITTLE_ENDIAN);
  return s;
}
