// The runtime's native shim entry (dist/node/native.js or dist/deno/native.js).
import { runtime } from "../_harness.mjs";
export const native = runtime === "deno" ? await import("../../dist/deno/native.js") : await import("../../dist/node/native.js");
export const { openNativeSocket, nativeSetsockopt, nativeGetsockopt } = native;
