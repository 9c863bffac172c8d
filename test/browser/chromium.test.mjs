// sockfam/core in a real browser. Serves dist/ (and the probe) over HTTP on
// 127.0.0.1 and opens a page in headless Chromium whose module script imports
// dist/core/mod.js and dist/component/sockfam-core.js, runs the core in two
// module Web Workers as well (SIMD and scalar builds) and writes every result
// into the DOM. The dumped DOM must equal what this process computes and the
// independent references. The server logs every request, so the test also
// shows that loading the core fetches nothing but JS modules (the WASM is
// embedded; no fs, no fetch, no import.meta.url-relative files at load).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "../../dist/core/mod.js";
import * as component from "../../dist/component/sockfam-core.js";
import { have, runtime, testIf } from "../_harness.mjs";
import { refCrc32, refInetChecksum } from "../_reference.mjs";
import { SPECS, buffers, probe, probeStreams } from "./_probe.mjs";
import { expectProbe, expectStreams } from "./_expect.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM_MS = 45_000;
const SERVED = ["dist/core/", "dist/component/", "test/browser/", "test/_reference.mjs"];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>sockfam/core in a browser</title></head>
<body><pre id="status">loading</pre><pre id="result"></pre><img src="/hold" alt="">
<script type="module">
const out = (id, text) => { document.getElementById(id).textContent = text; };
const fetched = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => { fetched.push(String(args[0])); return realFetch(...args); };
try {
  const core = await import("/dist/core/mod.js");
  const { probe, probeStreams, buffers, SPECS } = await import("/test/browser/_probe.mjs");
  const r = { probe: probe(core), streams: await probeStreams(core), fetched, ua: navigator.userAgent };
  // The same core in module Web Workers of the page, with the SIMD build and with the scalar one.
  const inWorker = async (query) => {
    const w = new Worker("/test/browser/_worker.mjs?" + query, { type: "module" });
    const next = () => new Promise((ok, bad) => {
      w.onmessage = (e) => ok(e.data);
      w.onerror = (e) => bad(new Error("worker: " + e.message));
    });
    try {
      const ready = await next();
      w.postMessage({ bytes: buffers()[5], frame: core.buildPacket(SPECS[0]) });
      return { ready, reply: await next() };
    } finally {
      w.terminate();
    }
  };
  r.workers = { simd: await inWorker("web"), scalar: await inWorker("web&scalar") };
  try {
    const comp = await import("/dist/component/sockfam-core.js");
    r.component = buffers().map((b) => ({ crc32: comp.crc32(b, 0), inet: comp.inetChecksum(b, 0) }));
  } catch (e) {
    r.componentError = String(e && e.stack || e);
  }
  out("result", JSON.stringify(r));
  out("status", "done");
} catch (e) {
  out("status", "error: " + String(e && e.stack || e));
} finally {
  new Image().src = "/release"; // lets the server answer /hold: the page is finished
}
</script></body></html>`;

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".json": "application/json" };

/**
 * Serves PAGE at / and the SERVED files; records every request path.
 * `/hold` (an image in the page) is answered only once the page requests
 * `/release`: Chromium's virtual time stands still while a fetch is pending,
 * and would otherwise run out while the page waits for its workers.
 */
function serve() {
  const requests = [];
  const held = [];
  const release = () => { for (const r of held.splice(0)) { r.writeHead(204); r.end(); } };
  const safety = setTimeout(release, CHROMIUM_MS - 15_000); // a page that never finishes still gets its DOM dumped
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    if (path === "/hold") return void held.push(res);
    if (path === "/release") {
      release();
      res.writeHead(204);
      return res.end();
    }
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(PAGE);
    }
    const rel = normalize(path.slice(1));
    const file = join(root, rel);
    const allowed = !rel.startsWith("..") && SERVED.some((p) => rel.split(sep).join("/").startsWith(p));
    let body = null;
    try { if (allowed && statSync(file).isFile()) body = readFileSync(file); } catch {}
    if (!body) { res.writeHead(404); return res.end("not found"); }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  server.on("close", () => { clearTimeout(safety); release(); });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, requests, port: server.address().port })));
}

/** Runs headless Chromium on `url` and resolves with the dumped DOM. */
function dumpDom(url, profile) {
  return new Promise((resolve, reject) => {
    const args = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`, "--virtual-time-budget=10000", "--dump-dom", url,
    ];
    const child = spawn("chromium", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
      reject(new Error(`chromium did not finish within ${CHROMIUM_MS / 1000}s; stderr:\n${err.slice(-2000)}`));
    }, CHROMIUM_MS);
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (!out.includes("</html>")) reject(new Error(`chromium exited ${code} without a DOM; stderr:\n${err.slice(-2000)}`));
      else resolve(out);
    });
  });
}

const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&nbsp;/g, " ").replace(/&amp;/g, "&");
const element = (dom, id) => {
  const m = new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(dom);
  return m ? unescape(m[1]) : null;
};

const reason = runtime !== "node"
  ? "the browser check runs once, under node (the page and its results do not depend on the runtime that serves it)"
  : !have("chromium") ? "chromium is not installed (apt-get install chromium)" : null;

testIf(test, "headless Chromium loads sockfam/core and the component; results equal this process's", reason, async () => {
  const { server, requests, port } = await serve();
  const profile = mkdtempSync(join(tmpdir(), "sockfam-chromium-"));
  try {
    const dom = await dumpDom(`http://127.0.0.1:${port}/`, profile);
    const status = element(dom, "status");
    assert.is(status, "done", `page status: ${status}`);
    const r = JSON.parse(element(dom, "result"));
    // The browser computed exactly what Node computes, and what the references say.
    assert.equal(r.probe, probe(core), "browser probe differs from node's");
    expectProbe(r.probe, "chromium");
    assert.equal(r.streams, await probeStreams(core), "browser stream results differ from node's");
    expectStreams(r.streams, r.probe.frames, "chromium");
    assert.is(r.probe.simd, core.wasmSimd, "SIMD build chosen in the browser");
    // The page's Web Workers (SIMD and scalar builds) computed the same.
    const noSimd = ({ simd, ...rest }) => rest;
    for (const [name, w] of Object.entries(r.workers)) {
      assert.equal(w.ready, { ready: true, simd: name === "simd" ? core.wasmSimd : false }, `${name} worker loaded`);
      assert.ok(!w.reply.error, `${name} worker: ${w.reply.error}`);
      assert.is(w.reply.scope, true, `${name} worker ran in a WorkerGlobalScope`);
      assert.equal(noSimd(w.reply.ok.probe), noSimd(r.probe), `${name} worker's probe differs from the page's`);
      assert.equal(w.reply.ok.streams, r.streams, `${name} worker's stream results differ from the page's`);
      const sent = buffers()[5];
      assert.is(w.reply.ok.crc32, refCrc32(sent), `${name} worker crc32`);
      assert.is(w.reply.ok.inet, refInetChecksum(sent), `${name} worker inetChecksum`);
      assert.equal(w.reply.ok.dissect, core.dissect(core.buildPacket(SPECS[0])), `${name} worker dissect`);
    }
    // The component loaded without node: imports and agrees too.
    assert.is(r.componentError, undefined, `component failed in the browser: ${r.componentError}`);
    const bufs = buffers();
    assert.equal(r.component, bufs.map((b) => ({ crc32: component.crc32(b, 0), inet: component.inetChecksum(b, 0) })));
    r.component.forEach((c, i) => {
      assert.is(c.crc32, refCrc32(bufs[i]));
      assert.is(c.inet, refInetChecksum(bufs[i]));
    });
    // Loading fetched JS modules only: no fetch() calls, no .wasm or other files.
    assert.equal(r.fetched, [], "fetch() called while loading");
    const others = requests.filter((p) => !["/", "/favicon.ico", "/hold", "/release"].includes(p) && !/\.(m?js)$/.test(p));
    assert.equal(others, [], `non-module requests: ${others.join(", ")}`);
    assert.ok(requests.includes("/dist/core/mod.js") && requests.includes("/dist/component/sockfam-core.js"));
    assert.ok(/Chrome\//.test(r.ua), r.ua);
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.run();
