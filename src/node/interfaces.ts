/**
 * Interface names to indexes through node:os (Node, and Bun's node:os), for
 * IPv6 scope IDs given as names.
 *
 * @example
 * ```ts
 * import { nodeInterfaceIndexes } from "./interfaces.ts";
 * nodeInterfaceIndexes().get("lo"); // 1 where lo has an IPv6 address
 * ```
 * @module
 */
import os from "node:os";
import { interfaceIndexMap } from "../core/socket/address.ts";

/**
 * The interfaces with an IPv6 address and their indexes, from os.networkInterfaces().
 *
 * @example
 * ```ts
 * import { nodeInterfaceIndexes } from "./interfaces.ts";
 * const lo = nodeInterfaceIndexes().get("lo");
 * ```
 */
export function nodeInterfaceIndexes(): Map<string, number> {
  return interfaceIndexMap(Object.entries(os.networkInterfaces()).flatMap(([name, list]) => (list ?? []).map((e) => ({ name, family: e.family, scopeid: e.scopeid }))));
}
