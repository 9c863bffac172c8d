// Worker body for test/browser/worker.test.mjs. Loads sockfam/core inside the
// worker, posts { ready: true, simd } (a message sent while the module is still
// loading could be dropped), then answers each message { bytes, frame } with
// the probe results and the checksums/dissection of the bytes it was sent.
// "?web" in the URL: a Web Worker (globalThis.postMessage); otherwise a
// node:worker_threads Worker (parentPort). "?scalar" (Web Worker) or
// workerData.scalar: WebAssembly.validate reports no SIMD before the core
// loads, as on an engine without WASM SIMD, so the core picks its scalar build.
// Bun's Web Worker drops the URL's query: there, _worker_web*.mjs set
// globalThis.sockfamWorkerParams ("web" / "web&scalar") and import this file.
import { probe, probeStreams } from "./_probe.mjs";

const params = new URLSearchParams(globalThis.sockfamWorkerParams ?? new URL(import.meta.url).search);
const web = params.has("web");
const threads = web ? null : await import("node:worker_threads");
const scalar = web ? params.has("scalar") : !!threads.workerData?.scalar;
const validate = WebAssembly.validate;
if (scalar) WebAssembly.validate = () => false; // only while the core loads (it validates its SIMD probe)
const core = await import("../../dist/core/mod.js");
WebAssembly.validate = validate;

async function answer({ bytes, frame }) {
  return {
    probe: probe(core),
    streams: await probeStreams(core),
    crc32: core.crc32(bytes),
    crc32c: core.crc32c(bytes),
    inet: core.inetChecksum(bytes),
    dissect: core.dissect(frame),
  };
}

if (web) {
  globalThis.onmessage = async (e) => {
    let reply;
    try { reply = { ok: await answer(e.data), scope: typeof globalThis.WorkerGlobalScope === "function" && globalThis instanceof globalThis.WorkerGlobalScope, bunMainThread: globalThis.Bun?.isMainThread }; }
    catch (err) { reply = { error: String(err?.stack ?? err) }; }
    globalThis.postMessage(reply);
  };
  globalThis.postMessage({ ready: true, simd: core.wasmSimd });
} else {
  const { parentPort, isMainThread, threadId } = threads;
  parentPort.on("message", async (msg) => {
    let reply;
    try { reply = { ok: await answer(msg), isMainThread, threadId }; }
    catch (err) { reply = { error: String(err?.stack ?? err) }; }
    parentPort.postMessage(reply);
  });
  parentPort.postMessage({ ready: true, simd: core.wasmSimd });
}
