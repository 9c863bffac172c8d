// sockfam/core loads and computes the same results inside workers as on the
// main thread: a node:worker_threads Worker (Node and Deno) and a Web Worker
// (`new Worker(url, { type: "module" })`, where the runtime has one: Deno, Bun),
// each also with the scalar build (the worker makes WebAssembly.validate deny
// SIMD while the core loads, as an engine without WASM SIMD would), so the
// build selection and the scalar framing/dissection run end to end.
// Every result is also checked against references that do not use sockfam.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import * as core from "../../dist/core/mod.js";
import { testIf, runtime } from "../_harness.mjs";
import { refCrc32, refCrc32c, refInetChecksum } from "../_reference.mjs";
import { probe, probeStreams } from "./_probe.mjs";
import { expectProbe, expectStreams } from "./_expect.mjs";

const WORKER_MS = 30_000;
const main = probe(core);
const mainStreams = await probeStreams(core);

/** Fresh random input for this run, so the worker cannot be answering from fixed data alone. */
function input() {
  const bytes = crypto.getRandomValues(new Uint8Array(50_000 + ((Math.random() * 1000) | 0)));
  const sport = 1024 + ((Math.random() * 60000) | 0);
  const frame = core.buildPacket({
    eth: { src: "02:00:00:00:00:0a", dst: "02:00:00:00:00:0b" },
    ipv4: { src: "10.9.8.7", dst: "10.9.8.6" },
    udp: { sport, dport: 9999 },
    payload: bytes.subarray(0, 100),
  });
  return { bytes, frame, sport };
}

/** Sends `msg` (unless undefined) and waits for one reply, with a deadline. */
function ask(send, once, msg) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not answer within ${WORKER_MS / 1000}s`)), WORKER_MS);
    once((reply) => { clearTimeout(timer); resolve(reply); }, (err) => { clearTimeout(timer); reject(err); });
    if (msg !== undefined) send(msg);
  });
}

const withoutSimd = ({ simd, ...rest }) => rest;

function check(reply, msg, where) {
  assert.ok(!reply.error, `${where} failed: ${reply.error}`);
  const r = reply.ok;
  assert.equal(withoutSimd(r.probe), withoutSimd(main), `${where}: probe results differ from the main thread's`);
  expectProbe(r.probe, where);
  assert.equal(r.streams, mainStreams, `${where}: stream results differ from the main thread's`);
  expectStreams(r.streams, r.probe.frames, where);
  assert.is(r.crc32, refCrc32(msg.bytes));
  assert.is(r.crc32, core.crc32(msg.bytes));
  assert.is(r.crc32c, refCrc32c(msg.bytes));
  assert.is(r.inet, refInetChecksum(msg.bytes));
  assert.equal(r.dissect, core.dissect(msg.frame), `${where}: dissect differs from the main thread's`);
  assert.is(r.dissect.udp.sport, msg.sport);
  assert.is(r.dissect.udp.checksumOk, true);
}

test("main thread: probe and probeStreams agree with the independent references", () => {
  expectProbe(main, "main thread");
  expectStreams(mainStreams, main.frames, "main thread");
});

const workerFile = fileURLToPath(new URL("./_worker.mjs", import.meta.url));

async function threadsWorker(scalar) {
  const where = `worker_threads${scalar ? ", scalar build" : ""}`;
  const { Worker } = await import("node:worker_threads");
  const w = new Worker(workerFile, { workerData: { scalar } });
  try {
    const send = (m) => w.postMessage(m);
    const once = (ok, bad) => { w.once("message", ok); w.once("error", bad); };
    assert.equal(await ask(send, once), { ready: true, simd: scalar ? false : core.wasmSimd }, `${where}: loaded sockfam/core`);
    const msg = input();
    const reply = await ask(send, once, msg);
    assert.is(reply.isMainThread, false, "ran on another thread");
    assert.ok(reply.threadId > 0, `threadId ${reply.threadId}`);
    check(reply, msg, where);
    // A second message reuses the loaded core (arenas are per-thread, no state leaks between calls).
    const msg2 = input();
    check(await ask(send, once, msg2), msg2, `${where}, 2nd message`);
  } finally {
    await w.terminate();
  }
}

async function webWorker(scalar) {
  const where = `Web Worker${scalar ? ", scalar build" : ""}`;
  // Bun's Worker drops the URL's query, so there the parameters come from the entry file's name.
  const url = runtime === "bun" ? `./_worker_web${scalar ? "_scalar" : ""}.mjs` : `./_worker.mjs?web${scalar ? "&scalar" : ""}`;
  const w = new globalThis.Worker(new URL(url, import.meta.url), { type: "module" });
  try {
    const send = (m) => w.postMessage(m);
    const once = (ok, bad) => {
      w.onmessage = (e) => ok(e.data);
      w.onerror = (e) => { e.preventDefault?.(); bad(new Error(`worker error: ${e.message}`)); };
    };
    assert.equal(await ask(send, once), { ready: true, simd: scalar ? false : core.wasmSimd }, `${where}: loaded sockfam/core`);
    const msg = input();
    const reply = await ask(send, once, msg);
    // Bun's Web Worker has no WorkerGlobalScope; it reports being off the main thread instead.
    if (runtime === "bun") assert.is(reply.bunMainThread, false, "ran off Bun's main thread");
    else assert.is(reply.scope, true, "ran in a WorkerGlobalScope");
    check(reply, msg, where);
  } finally {
    w.terminate();
  }
}

test(`node:worker_threads Worker under ${runtime}: same results as the main thread`, () => threadsWorker(false));

test(`node:worker_threads Worker, scalar build (engine without WASM SIMD): same results`, () => threadsWorker(true));

const webWorkerReason = typeof globalThis.Worker === "function" ? null : `${runtime} has no Web Worker global (Node.js 20 has only node:worker_threads)`;
testIf(test, "Web Worker ({ type: \"module\" }): same results as the main thread", webWorkerReason, () => webWorker(false));
testIf(test, "Web Worker, scalar build: same results as the main thread", webWorkerReason, () => webWorker(true));

test.run();
