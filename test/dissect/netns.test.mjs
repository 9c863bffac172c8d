// Real traffic captured by tcpdump in a private network namespace (created
// and removed here), read by sockfam and by tshark, compared field by field;
// a second capture with snaplen 60 must give checksumOk null where cut.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { dissectCapture, readCapture } from "../../dist/core/mod.js";
import { have, isRoot, testIf } from "../_harness.mjs";
import { compare, tsharkRows } from "./_oracle.mjs";

const reason = !isRoot ? "needs root for a network namespace"
  : !have("tcpdump") ? "tcpdump not installed" : !have("tshark") ? "tshark not installed"
  : spawnSync("/usr/bin/python3", ["-c", "1"]).status !== 0 ? "/usr/bin/python3 missing" : null;

const dir = mkdtempSync(join(tmpdir(), "sockfam-netns-"));
const ns = `sfd${process.pid}`;
const traffic = new URL("./_traffic.py", import.meta.url).pathname;

// tcpdump's ring (TPACKET_V3, 2 MiB by default) holds only a few blocks when
// the snaplen is 262144; on a loaded machine a starved tcpdump then loses
// packets ("N packets dropped by kernel") and the capture silently lacks e.g.
// the IPv6 fragments. So: a 32 MiB buffer, stop only once the traffic's end
// marker is in the file (everything before it was written or counted as a
// drop), and redo the whole capture if tcpdump reports any drop.
function startTcpdump(file, snap, iface = "lo") {
  const args = ["netns", "exec", ns, "tcpdump", "-i", iface, "-U", "--immediate-mode", "-B", "32768", "-s", String(snap), "-w", file];
  const p = spawn("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${err}`)), 10000);
    p.stderr.on("data", (d) => { err += d; if (/listening on/.test(err)) { clearTimeout(timer); resolve(); } });
    p.on("exit", () => { clearTimeout(timer); reject(new Error(`tcpdump exited: ${err}`)); });
  });
  // Resolves to the number of packets tcpdump says the kernel dropped.
  const stop = () => new Promise((resolve) => {
    const done = () => resolve(Number(/(\d+) packets? dropped by kernel/.exec(err)?.[1] ?? NaN));
    p.removeAllListeners("exit");
    if (p.exitCode !== null || p.signalCode !== null) return done();
    p.on("exit", done);
    p.kill("SIGINT");
    setTimeout(() => p.kill("SIGKILL"), 5000);
  });
  return { ready, stop };
}

/** Waits (bounded) until `file` contains the bytes of `marker`. */
async function waitFor(file, marker) {
  const needle = new TextEncoder().encode(marker);
  const deadline = Date.now() + 10000;
  for (;;) {
    const b = new Uint8Array(readFileSync(file));
    outer: for (let i = 0; i + needle.length <= b.length; i++) {
      for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle[k]) continue outer;
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/**
 * One capture in a fresh namespace; returns tcpdump's drop counts and
 * whether each file got the end marker (a dropped marker counts as a drop).
 */
async function captureOnce() {
  assert.is(spawnSync("ip", ["netns", "add", ns]).status, 0, "ip netns add");
  try {
    // MTU 1280 makes the 3000-byte UDP datagrams real IPv4 and IPv6 fragments.
    assert.is(spawnSync("ip", ["-n", ns, "link", "set", "lo", "mtu", "1280", "up"]).status, 0);
    const caps = [[full, 0, "lo"], [cut, 60, "lo"], [any, 0, "any"]].map(([f, s, i]) => ({ f, t: startTcpdump(f, s, i) }));
    let drops, marked = [];
    try {
      await Promise.all(caps.map((c) => c.t.ready));
      // The marker (a last UDP datagram over IPv4) fits in the 60-byte snaplen.
      const marker = `SFEND${process.pid}`;
      const r = spawnSync("ip", ["netns", "exec", ns, "/usr/bin/python3", traffic, marker], { encoding: "utf8", timeout: 30000 });
      assert.is(r.status, 0, r.stderr);
      for (const c of caps) marked.push(await waitFor(c.f, marker));
    } finally {
      drops = await Promise.all(caps.map((c) => c.t.stop()));
    }
    return { drops, marked };
  } finally {
    spawnSync("ip", ["netns", "del", ns]);
  }
}

let full, cut, any;

testIf(test, "capture loopback traffic in a private netns with tcpdump (full and -s 60)", reason, async () => {
  full = join(dir, "full.pcap");
  cut = join(dir, "cut.pcap");
  any = join(dir, "any.pcap");
  let drops, marked;
  for (let attempt = 1; attempt <= 3; attempt++) {
    ({ drops, marked } = await captureOnce());
    if (drops.every((d) => d === 0)) break;
    console.log(`tcpdump dropped packets (full, -s 60, any: ${drops}); capturing again (attempt ${attempt} of 3)`);
  }
  assert.equal(drops, [0, 0, 0], "tcpdump lost no packets (machine too loaded to capture?)");
  assert.equal(marked, [true, true, true], "every capture holds the traffic's end marker");
  assert.ok(readFileSync(full).length > 1000, "something captured");
});

function ours(file) {
  const out = [];
  dissectCapture(new Uint8Array(readFileSync(file)), (t) => { for (const p of t) out.push(p.toJSON()); });
  return out;
}

testIf(test, "full capture: sockfam agrees with tshark field by field", reason, () => {
  const js = ours(full);
  const rows = tsharkRows(full);
  assert.is(js.length, rows.length);
  assert.ok(js.some((j) => j.icmp) && js.some((j) => j.icmpv6) && js.some((j) => j.tcp?.options.mss) && js.some((j) => j.udp && j.ipv6), "traffic of every kind captured");
  const stats = { fields: 0 }, bad = [];
  js.forEach((j, i) => { for (const p of compare(j, rows[i], stats)) bad.push(`#${i + 1}: ${p}`); });
  assert.equal(bad.slice(0, 20), []);
  assert.equal(js.filter((j) => j.errors.length).map((j) => j.errors), [], "no errors on real traffic");
  assert.ok(js.some((j) => j.ipv4?.mf) && js.some((j) => j.ipv4?.fragOffset > 0), "real IPv4 fragments");
  assert.ok(js.some((j) => j.ipv6?.fragment?.more) && js.some((j) => j.ipv6?.fragment?.offset > 0),
    "real IPv6 fragments; IPv6 packets seen: " + JSON.stringify(js.filter((j) => j.ipv6).map((j) => ({ len: j.len, ipv6: j.ipv6, udp: j.udp }))));
});

testIf(test, "capture on 'any' (Linux cooked SLL/SLL2): sockfam agrees with tshark", reason, () => {
  const js = ours(any);
  const rows = tsharkRows(any);
  assert.is(js.length, rows.length);
  assert.ok(js.length > 10 && js.every((j) => j.sll), "cooked link layer read");
  const stats = { fields: 0 }, bad = [];
  js.forEach((j, i) => { for (const p of compare(j, rows[i], stats)) bad.push(`#${i + 1}: ${p}`); });
  assert.equal(bad.slice(0, 20), []);
});

testIf(test, "snaplen 60 capture: cut packets give checksumOk null, tshark agrees", reason, () => {
  const js = ours(cut);
  const rows = tsharkRows(cut);
  assert.is(js.length, rows.length);
  const truncated = js.filter((j) => j.caplen < j.len);
  assert.ok(truncated.length > 5, "some packets were cut by the snaplen");
  for (const j of truncated) {
    const l4 = j.tcp ?? j.udp ?? j.icmp ?? j.icmpv6;
    if (l4) assert.is(l4.checksumOk, null, JSON.stringify(j));
  }
  const stats = { fields: 0 }, bad = [];
  js.forEach((j, i) => { for (const p of compare(j, rows[i], stats)) bad.push(`#${i + 1}: ${p}`); });
  assert.equal(bad.slice(0, 20), []);
  // The records' lengths as the pcap reader sees them.
  for (const r of readCapture(new Uint8Array(readFileSync(cut)))) assert.ok(r.data.length <= 60);
});

testIf(test, "the same capture as pcapng written by editcap (ns resolution) reads and dissects the same", reason ?? (have("editcap") ? null : "editcap not installed"), () => {
  const ng = join(dir, "full.pcapng");
  const r = spawnSync("editcap", ["-F", "pcapng", "--set-tsresol", "9", full, ng], { encoding: "utf8" });
  if (r.status !== 0) {
    // older editcap without --set-tsresol
    assert.is(spawnSync("editcap", ["-F", "pcapng", full, ng]).status, 0, r.stderr);
  }
  const a = ours(full), b = ours(ng);
  assert.is(b.length, a.length);
  b.forEach((j, i) => assert.equal(j, a[i]));
  const info = readCapture(new Uint8Array(readFileSync(ng))).info;
  assert.is(info.format, "pcapng");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
