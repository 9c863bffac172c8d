/**
 * The address types (kept at this path for existing imports); they live in
 * src/core/address/types.ts with the IP and MAC helpers beside them.
 *
 * @example
 * ```ts
 * import type { InetAddress } from "sockfam/core";
 * const a: InetAddress = { host: "127.0.0.1", port: 80 };
 * ```
 * @module
 */
export type * from "./address/types.ts";
