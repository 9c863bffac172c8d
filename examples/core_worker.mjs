// The WASM core (checksums and framing) in a worker thread: the main thread
// sends byte buffers, the worker answers with their CRC-32, CRC-32C and
// Internet checksum, and with the messages it decoded from a framed stream.
// This one file is both the main program and the worker's body.
// Run: node examples/core_worker.mjs | deno run -A examples/core_worker.mjs
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { crc32, crc32c, decodeFrames, encodeFrames, inetChecksum, wasmSimd } from "sockfam/core";

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  const ask = (msg) => new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.postMessage(msg);
  });
  try {
    const text = new TextEncoder().encode("123456789");
    const sums = await ask({ op: "checksums", bytes: text });
    console.log("worker checksums:", sums, "main thread crc32:", crc32(text).toString(16));
    const wire = encodeFrames(["alpha", "beta", "gamma"].map((s) => new TextEncoder().encode(s)), { format: "varint" });
    console.log("worker decoded:", (await ask({ op: "frames", bytes: wire })).messages);
  } finally {
    await worker.terminate();
  }
} else {
  parentPort.on("message", ({ op, bytes }) => {
    if (op === "checksums") {
      parentPort.postMessage({
        simd: wasmSimd, crc32: crc32(bytes).toString(16), crc32c: crc32c(bytes).toString(16), inet: inetChecksum(bytes).toString(16),
      });
    } else if (op === "frames") {
      parentPort.postMessage({ messages: decodeFrames(bytes, { format: "varint" }).map((f) => new TextDecoder().decode(f)) });
    }
  });
}
