// The browser demo (docs/demo/): headless Chromium opens the page, which is
// handed a capture file through its ?capture= parameter (served statically
// with the page and dist/core/; the page has no server code), and what the
// page shows — one table row per packet and the per-protocol summary — must
// agree with `node dist/cli/main.js dissect FILE --json` on the same file.
// Captures: the generated mixed capture as pcap and as pcapng, and, as root
// with tcpdump, a real capture of loopback traffic written by tcpdump.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { createServer as createTcpServer, connect } from "node:net";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { mixedCapture, readCapture, writePcapng } from "../../dist/core/mod.js";
import { have, isRoot, runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SERVED = ["docs/demo/", "dist/core/"];
const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html; charset=utf-8" };
const CHROMIUM_MS = 60_000;

function serve(captures) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = null;
    if (path.startsWith("/captures/")) file = captures[path.slice("/captures/".length)] ?? null;
    else {
      const rel = normalize(path.slice(1));
      if (!rel.startsWith("..") && SERVED.some((p) => rel.split(sep).join("/").startsWith(p))) file = join(root, rel);
    }
    let body = null;
    try { if (file && statSync(file).isFile()) body = readFileSync(file); } catch {}
    if (!body) { res.writeHead(404); return res.end("not found"); }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port })));
}

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
const cells = (row) => Object.fromEntries([...row.matchAll(/<td class="(?:num )?([a-z]+)">([\s\S]*?)<\/td>/g)].map((m) => [m[1], unescape(m[2])]));

/** What the page shows: { status, packets: [{ n, ts, layers, src, dst, len, errors }], summary: { proto: { packets, bytes } } }. */
function parsePage(dom) {
  const status = unescape(/<p id="status"[^>]*>([\s\S]*?)<\/p>/.exec(dom)?.[1] ?? "");
  const body = (id) => new RegExp(`<table id="${id}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(dom)?.[1] ?? "";
  const packets = [...body("packets").matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1]));
  const summary = Object.fromEntries([...body("summary").matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
    const c = cells(m[1]);
    return [c.proto, { packets: Number(c.packets), bytes: Number(c.bytes) }];
  }));
  return { status, packets, summary };
}

/** `sockfam dissect FILE --json`, one object per packet. */
function cli(file) {
  const r = spawnSync(process.execPath, [join(root, "dist/cli/main.js"), "dissect", file, "--json"], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 << 20 });
  assert.is(r.status, 0, `sockfam dissect ${file} --json failed:\n${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

const layersOf = (p) => Object.keys(p).filter((k) => p[k] !== null && typeof p[k] === "object" && !Array.isArray(p[k]));
function hostsOf(p) {
  if (p.arp) return [p.arp.spa, p.arp.tpa];
  const l3 = p.ipv4 ?? p.ipv6;
  if (l3) return [l3.src, l3.dst];
  return [p.eth?.src ?? p.sll?.src ?? "", p.eth?.dst ?? p.sll?.dst ?? ""];
}

function compare(page, packets, name) {
  assert.match(page.status, new RegExp(`: ${packets.length} packets`), `${name}: page status "${page.status}"`);
  assert.is(page.packets.length, packets.length, `${name}: rows shown`);
  const summary = {};
  packets.forEach((p, i) => {
    const row = page.packets[i];
    const where = `${name} packet ${i + 1}`;
    assert.is(row.n, String(i + 1), where);
    assert.is(row.layers, layersOf(p).join(" "), `${where}: layers`);
    assert.is(row.len, String(p.len), `${where}: length`);
    assert.is(row.errors, p.errors.join(" "), `${where}: errors`);
    const [src, dst] = hostsOf(p);
    assert.ok(row.src.includes(src) && row.dst.includes(dst), `${where}: ${row.src} > ${row.dst}, sockfam dissect says ${src} > ${dst}`);
    const l4 = p.tcp ?? p.udp;
    if (l4) assert.ok(row.src.endsWith(`:${l4.sport}`) && row.dst.endsWith(`:${l4.dport}`), `${where}: ports ${row.src} > ${row.dst}`);
    for (const l of layersOf(p)) {
      summary[l] ??= { packets: 0, bytes: 0 };
      summary[l].packets++;
      summary[l].bytes += p.len;
    }
  });
  assert.equal(page.summary, summary, `${name}: per-protocol summary`);
}

/** A real capture: tcpdump on lo while this process makes TCP and UDP traffic to its own port. */
async function loopbackCapture(file) {
  const tcp = createTcpServer((c) => c.on("data", (d) => c.end(d)));
  await new Promise((ok) => tcp.listen(0, "127.0.0.1", ok));
  const port = tcp.address().port;
  const dump = spawn("tcpdump", ["-i", "lo", "--immediate-mode", "-U", "-n", "-w", file, `port ${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    await new Promise((ok, bad) => {
      let err = "";
      dump.stderr.on("data", (d) => { err += d; if (/listening on/.test(err)) ok(); });
      dump.on("close", (code) => bad(new Error(`tcpdump exited ${code}: ${err}`)));
    });
    for (let i = 0; i < 2; i++) {
      await new Promise((ok, bad) => {
        const c = connect(port, "127.0.0.1", () => c.write(`hello ${i}`));
        c.on("data", () => {});
        c.on("end", ok);
        c.on("error", bad);
      });
    }
    const u = createSocket("udp4");
    for (let i = 0; i < 5; i++) await new Promise((ok) => u.send(`datagram ${i}`, port, "127.0.0.1", ok));
    u.close();
    // tcpdump takes each packet as it comes (--immediate-mode) and writes it (-U); a moment for the last ones.
    await new Promise((ok) => setTimeout(ok, 500));
  } finally {
    const closed = new Promise((ok) => dump.on("close", ok));
    dump.kill("SIGINT");
    await closed;
    tcp.close();
  }
}

const reason = runtime !== "node"
  ? "the browser check runs once, under node (the page and its results do not depend on the runtime that serves it)"
  : !have("chromium") ? "chromium is not installed (apt-get install chromium)" : null;

async function check(captures, name) {
  const { server, port } = await serve(captures);
  const profile = mkdtempSync(join(tmpdir(), "sockfam-demo-chromium-"));
  try {
    const dom = await dumpDom(`http://127.0.0.1:${port}/docs/demo/index.html?capture=/captures/${name}`, profile);
    compare(parsePage(dom), cli(captures[name]), name);
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), "sockfam-demo-"));
const captures = {};
captures["mixed.pcap"] = join(dir, "mixed.pcap");
const mixed = mixedCapture({ packets: 120 });
writeFileSync(captures["mixed.pcap"], mixed);
captures["mixed.pcapng"] = join(dir, "mixed.pcapng");
writeFileSync(captures["mixed.pcapng"], writePcapng([...readCapture(mixed)].map((r) => ({ ...r, interfaceId: 0 })), { interfaces: [{ linktype: 1, name: "eth0" }] }));

testIf(test, "the demo page shows what sockfam dissect --json prints: generated capture as pcap", reason, () => check(captures, "mixed.pcap"));
testIf(test, "the demo page shows what sockfam dissect --json prints: the same as pcapng", reason, () => check(captures, "mixed.pcapng"));
testIf(test, "the demo page shows what sockfam dissect --json prints: a tcpdump capture of loopback traffic",
  reason ?? (!isRoot ? "needs root (tcpdump on lo)" : !have("tcpdump") ? "tcpdump is not installed" : null), async () => {
    captures["loopback.pcap"] = join(dir, "loopback.pcap");
    await loopbackCapture(captures["loopback.pcap"]);
    assert.ok(cli(captures["loopback.pcap"]).length >= 15, "tcpdump caught the traffic");
    await check(captures, "loopback.pcap");
  });

test.after(() => { if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); });
test.run();
