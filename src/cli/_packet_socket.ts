/**
 * Opens a native socket (AF_PACKET, raw IP) with the running runtime's shim:
 * the Node addon or Deno's FFI. Shared by capture, send, ping and the tour.
 *
 * @module
 */
import type { PacketSocket } from "../core/native/socket.ts";
import { isDeno } from "./_runtime.ts";

/** Opens a native socket with the running runtime's shim (Node addon or Deno FFI). */
export async function openPacketSocket(family: number, type: number, proto: number): Promise<PacketSocket> {
  const mod = isDeno ? await import("../deno/native.ts") : await import("../node/native.ts");
  return mod.openNativeSocket(family, type, proto) as unknown as PacketSocket;
}
