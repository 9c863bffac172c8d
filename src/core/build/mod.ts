/**
 * Packet building: frames with lengths and checksums filled in.
 *
 * @example
 * ```ts
 * import { buildPacket } from "sockfam/core";
 * const ping = buildPacket({ ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, icmp: { id: 1, seq: 1 }, payload: "hi" });
 * ```
 * @module
 */
export { buildPacket, type PacketSpec, type TcpOptionsSpec, type VlanSpec } from "./packet.ts";
export { mixedCapture, mixedFrames, type MixOptions } from "./mix.ts";
