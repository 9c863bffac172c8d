// The runtime's native shim entry (dist/node/native.js, dist/deno/native.js or dist/bun/native.js).
import { runtime } from "../_harness.mjs";
export const native = await import(`../../dist/${runtime}/native.js`);
export const { openNativeSocket, nativeSetsockopt, nativeGetsockopt } = native;
