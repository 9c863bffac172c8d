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

/** "Node v20.20.2". */
export const runtimeName = `Node ${process.version}`;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);

/** net listen({ reusePort }) and dgram createSocket({ reusePort }) exist from Node 22.12 / 23.1. */
export const nodeHasReusePort = major > 22 || (major === 22 && minor >= 12);
