/**
 * Moved to src/core/address/ip.ts; this path re-exports it for importers
 * outside src/core (src/node, src/cli, tests) until they import the new one.
 *
 * @example
 * ```ts
 * import { ipVersion } from "../address/ip.ts";
 * ipVersion("::1"); // 6
 * ```
 * @module
 */
export * from "../address/ip.ts";
