/**
 * Opens a native socket (AF_PACKET, raw IP) with the running runtime's shim:
 * the Node addon, Deno's FFI or bun:ffi. Shared by capture, send, ping and the tour.
 *
 * @module
 */
import type { PacketSocket } from "../core/native/socket.ts";
import { loadNative } from "./_adapter.ts";

/** Opens a native socket with the running runtime's shim (Node addon, Deno FFI or bun:ffi). */
export async function openPacketSocket(family: number, type: number, proto: number): Promise<PacketSocket> {
  const mod = await loadNative();
  return mod.openNativeSocket(family, type, proto) as unknown as PacketSocket;
}
