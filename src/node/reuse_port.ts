/**
 * SO_REUSEPORT on Node < 22.12 (whose net/dgram APIs lack `reusePort`): the
 * native shim creates, configures and binds the descriptor, and Node adopts it
 * (`server.listen({ fd })`, dgram `bind({ fd })`).
 *
 * @example
 * ```ts
 * import { reusePortFd } from "./reuse_port.ts";
 * const fd = await reusePortFd(2, 1, { host: "127.0.0.1", port: 8080 }, { reusePort: true, backlog: 511 });
 * ```
 * @module
 */
import { lookup } from "node:dns/promises";
import type { InetAddress } from "../core/address/types.ts";
import { AF_INET6 } from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import { ipVersion } from "../core/address/ip.ts";
import { nativeBoundFd } from "../core/native/native_bind.ts";
import type { OpenOptions } from "../core/socket/transport.ts";
import { nodeBackend } from "./native_addon.ts";
import { runtimeName } from "./version.ts";

/**
 * A bound (listening, for SOCK_STREAM) descriptor with SO_REUSEPORT set.
 * Throws ENOPROTOOPT naming Node 22.12 when the native shim is not built.
 *
 * @example
 * ```ts
 * const fd = await reusePortFd(10, 2, { host: "::", port: 5353 }, { reusePort: true });
 * ```
 */
export async function reusePortFd(family: number, type: number, address: InetAddress, options: OpenOptions): Promise<number> {
  let nb;
  try {
    nb = nodeBackend();
  } catch (e) {
    throw new SocketError("ENOPROTOOPT", `setsockopt(SO_REUSEPORT): ${runtimeName} has no reusePort option before 22.12 and sockfam's native shim, which sets it instead, is unavailable (${(e as Error).message}); build it (npm run build) or use Node >= 22.12`, { syscall: "setsockopt", cause: e });
  }
  let host = address.host.replace(/^\[|\]$/g, "");
  if (host === "") host = family === AF_INET6 ? "::" : "0.0.0.0";
  else if (ipVersion(host) === 0) host = (await lookup(host, { family: family === AF_INET6 ? 6 : 4 })).address;
  return nativeBoundFd(nb, family, type, { ...address, host }, { reuseAddr: options.reuseAddr, reusePort: true, v6only: options.v6only, backlog: options.backlog });
}
