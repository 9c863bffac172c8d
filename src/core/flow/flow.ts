/**
 * One conversation of the flow table: a TCP connection or a UDP 5-tuple,
 * numbered in order of its first packet per protocol (tshark's `tcp.stream` /
 * `udp.stream`), with frames and bytes per direction.
 *
 * @example
 * ```ts
 * import { flowJSON, flows, mixedCapture } from "sockfam/core";
 * const { flows: table } = await flows(mixedCapture({ packets: 100 }));
 * for (const f of table) console.log(JSON.stringify(flowJSON(f)));
 * ```
 * @module
 */

/** Direction of a packet in its flow: 0 from `a` (the first packet's sender) to `b`, 1 back. */
export type Direction = 0 | 1;

/** TCP state as seen in the capture. */
export type TcpState = "syn" | "established" | "fin" | "closed" | "reset" | "none";

/** A conversation and its counters (updated as packets arrive). */
export interface Flow {
  /** "tcp" or "udp". */
  proto: "tcp" | "udp";
  /** Stream number within its protocol, in order of first packet (tshark's tcp.stream / udp.stream). */
  stream: number;
  /** The first packet's source address ("10.0.0.1" or "fd00::1"). */
  aHost: string;
  /** The first packet's source port. */
  aPort: number;
  /** The first packet's destination address. */
  bHost: string;
  /** The first packet's destination port. */
  bPort: number;
  /** Packets [a to b, b to a]. */
  packets: [number, number];
  /** Sum of frame lengths on the wire [a to b, b to a]. */
  bytes: [number, number];
  /** Stream payload bytes delivered in order [a to b, b to a] (TCP after reassembly, UDP datagram payloads). */
  dataBytes: [number, number];
  /** Capture index (0-based) of the first packet. */
  firstFrame: number;
  /** Timestamp of the first packet as [seconds, nanoseconds]. */
  start: [number, number];
  /** Timestamp of the last packet as [seconds, nanoseconds]. */
  end: [number, number];
  /** TCP state ("none" for UDP). */
  state: TcpState;
  /** FIN seen [a to b, b to a]. */
  fin: [boolean, boolean];
}

/** The JSON line of `sockfam flows --json`. */
export interface FlowJSON {
  proto: "tcp" | "udp";
  stream: number;
  a: string;
  b: string;
  packets: [number, number];
  bytes: [number, number];
  start: string;
  end: string;
}

/**
 * Writes an endpoint as `host:port`, IPv6 hosts as `[addr]:port`.
 *
 * @example
 * ```ts
 * import { formatEndpoint } from "sockfam/core";
 * formatEndpoint("fd00::1", 80); // "[fd00::1]:80"
 * ```
 */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const ts = (t: [number, number]): string => `${t[0]}.${String(t[1]).padStart(9, "0")}`;

/**
 * The JSON shape of a flow, as `sockfam flows --json` prints it.
 *
 * @example
 * ```ts
 * import { flowJSON, flows, mixedCapture } from "sockfam/core";
 * const { flows: table } = await flows(mixedCapture({ packets: 50 }));
 * if (table[0]) flowJSON(table[0]); // { proto: "tcp", stream: 0, a: "10.0.0.1:40000", ... }
 * ```
 */
export function flowJSON(f: Flow): FlowJSON {
  return {
    proto: f.proto, stream: f.stream, a: formatEndpoint(f.aHost, f.aPort), b: formatEndpoint(f.bHost, f.bPort),
    packets: [f.packets[0], f.packets[1]], bytes: [f.bytes[0], f.bytes[1]], start: ts(f.start), end: ts(f.end),
  };
}
