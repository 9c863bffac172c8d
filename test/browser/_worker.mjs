// Worker body for test/browser/worker.test.mjs. Loads sockfam/core inside the
// worker, posts { ready: true } (a message sent while the module is still
// loading could be dropped), then answers each message { bytes, frame } with
// the probe results and the checksums/dissection of the bytes it was sent.
// "?web" in the URL: a Web Worker (globalThis.postMessage); otherwise a
// node:worker_threads Worker (parentPort).
import { probe } from "./_probe.mjs";

const core = await import("../../dist/core/mod.js");
const web = new URL(import.meta.url).searchParams.has("web");

function answer({ bytes, frame }) {
  return {
    probe: probe(core),
    crc32: core.crc32(bytes),
    crc32c: core.crc32c(bytes),
    inet: core.inetChecksum(bytes),
    dissect: core.dissect(frame),
  };
}

if (web) {
  globalThis.onmessage = (e) => {
    let reply;
    try { reply = { ok: answer(e.data), scope: typeof globalThis.WorkerGlobalScope === "function" && globalThis instanceof globalThis.WorkerGlobalScope }; }
    catch (err) { reply = { error: String(err?.stack ?? err) }; }
    globalThis.postMessage(reply);
  };
  globalThis.postMessage({ ready: true });
} else {
  const { parentPort, isMainThread, threadId } = await import("node:worker_threads");
  parentPort.on("message", (msg) => {
    let reply;
    try { reply = { ok: answer(msg), isMainThread, threadId }; }
    catch (err) { reply = { error: String(err?.stack ?? err) }; }
    parentPort.postMessage(reply);
  });
  parentPort.postMessage({ ready: true });
}
