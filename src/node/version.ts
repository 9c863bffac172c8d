/**
 * Which Node this is, for error messages and feature checks.
 *
 * @example
 * ```ts
 * import { runtimeName } from "./version.ts";
 * console.log(runtimeName); // "Node v20.20.2"
 * ```
 * @module
 */
import process from "node:process";

const bun = (globalThis as { Bun?: { version: string } }).Bun;

/** "Node v20.20.2"; under Bun, which runs these transports for sockfam/bun, "Bun 1.4.5 (node:net/node:dgram)". */
export const runtimeName = bun ? `Bun ${bun.version} (node:net/node:dgram)` : `Node ${process.version}`;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);

/** net listen({ reusePort }) and dgram createSocket({ reusePort }) exist from Node 22.12 / 23.1. */
export const nodeHasReusePort = major > 22 || (major === 22 && minor >= 12);
