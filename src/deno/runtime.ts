/**
 * The Deno {@link Runtime}: Deno.listen / Deno.connect / Deno.listenDatagram
 * behind sockfam's transport surface.
 *
 * @example
 * ```ts
 * import { denoRuntime } from "./runtime.ts";
 * const l = await denoRuntime.listen(2, { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import { interfaceIndexMap, type InterfaceEntry } from "../core/socket/address.ts";
import type { Runtime } from "../core/socket/transport.ts";
import { denoError, runtimeName } from "./api.ts";
import { bindDenoDatagram, denoOptionHint } from "./datagram.ts";
import { connectDeno, listenDeno } from "./listener.ts";
import { nativeGetsockopt, nativeSetsockopt } from "./native.ts";


/**
 * Deno's networking API as a sockfam runtime (exported as `runtime` by sockfam/deno).
 *
 * @example
 * ```ts
 * import { AF_INET, CoreSocket, SOCK_DGRAM } from "sockfam/internal";
 * import { runtime } from "sockfam/deno";
 * const s = new CoreSocket(runtime, AF_INET, SOCK_DGRAM); // what sockfam/deno's socket() returns
 * ```
 */
export const denoRuntime: Runtime = {
  name: runtimeName,
  listen: listenDeno,
  connect: connectDeno,
  bindDatagram: bindDenoDatagram,
  error: denoError,
  nativeSetsockopt,
  nativeGetsockopt,
  interfaceIndexes: () => interfaceIndexMap((globalThis as unknown as { Deno: { networkInterfaces(): InterfaceEntry[] } }).Deno.networkInterfaces()),
  optionHint: denoOptionHint,
};
