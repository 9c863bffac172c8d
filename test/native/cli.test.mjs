// The CLI: `sockfam send` inside a namespace, `sockfam capture` on the veth end
// outside writing pcap/pcapng that tshark (or tcpdump) opens; `sockfam ping`.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testIf, have, isRoot, runtime } from "../_harness.mjs";
import { createPair, netnsSkipReason, nativeBuilt, readPcap } from "./_netns.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/cli/main.js");
const rt = runtime === "deno" ? [join(root, "node_modules/.bin/deno"), ["run", "-A", "--quiet", cli]] : [process.execPath, [cli]];
const skip = netnsSkipReason() ?? (nativeBuilt() ? null : "native addon not built");

function runCli(args, { ns } = {}) {
  const [cmd, pre] = rt;
  const full = ns ? ["ip", ["netns", "exec", ns, cmd, ...pre, ...args]] : [cmd, [...pre, ...args]];
  const child = spawn(full[0], full[1], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let out = "", err = "", onReady;
  const ready = new Promise((r) => (onReady = r));
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => { err += d; if (/capturing on/.test(err)) onReady(); });
  const timer = setTimeout(() => child.kill("SIGKILL"), 20000);
  const done = new Promise((r) => child.on("close", (code) => { clearTimeout(timer); onReady(); r({ code, out, err }); }));
  return { ready, done };
}

for (const ext of ["pcap", "pcapng"]) {
  testIf(test, `capture -w FILE.${ext} of frames from \`sockfam send\` opens in tshark/tcpdump`, skip, async () => {
    const p = createPair();
    const dir = mkdtempSync(join(tmpdir(), "sockfam-cli-"));
    try {
      const file = join(dir, `c.${ext}`);
      const cap = runCli(["capture", "-i", p.outer, "-c", "3", "-w", file, "--filter", "ether proto 0x88b5"]);
      await cap.ready;
      const snd = await runCli(["send", "-i", p.inner, "--dst", p.outerMac, "--type", "0x88b5", "--text", "hello-sockfam", "-c", "3"], { ns: p.ns }).done;
      assert.is(snd.code, 0, snd.err);
      assert.match(snd.out, /sent 3 frames of 60 bytes/);
      const r = await cap.done;
      assert.is(r.code, 0, r.err);
      assert.match(r.err, /3 packets captured, 0 dropped/);
      if (have("tshark")) {
        const t = spawnSync("tshark", ["-r", file, "-T", "fields", "-e", "eth.src", "-e", "eth.type", "-e", "frame.len"], { encoding: "utf8" });
        assert.is(t.status, 0, t.stderr);
        const rows = t.stdout.trim().split("\n");
        assert.is(rows.length, 3);
        for (const row of rows) assert.equal(row.split("\t"), [p.innerMac, "0x88b5", "60"]);
      }
      if (ext === "pcap") {
        const frames = readPcap(new Uint8Array(readFileSync(file))).frames;
        assert.is(frames.length, 3);
        assert.is(new TextDecoder().decode(frames[0].subarray(14, 27)), "hello-sockfam");
      }
    } finally { rmSync(dir, { recursive: true, force: true }); p.remove(); }
  });
}

testIf(test, "capture prints dissected lines without -w", skip, async () => {
  const p = createPair();
  try {
    const cap = runCli(["capture", "-i", p.outer, "-c", "2"]);
    await cap.ready;
    const py = spawnSync("ip", ["netns", "exec", p.ns, "/usr/bin/python3", "-c", `
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(("${p.inner}", 0))
arp = bytes.fromhex("ffffffffffff" + "${p.innerMac.replace(/:/g, "")}" + "0806" + "0001080006040001" + "${p.innerMac.replace(/:/g, "")}" + "0a000001" + "000000000000" + "0a000002")
s.send(arp); s.send(arp)
`], { encoding: "utf8" });
    assert.is(py.status, 0, py.stderr);
    const r = await cap.done;
    assert.is(r.code, 0, r.err);
    const lines = r.out.trim().split("\n");
    assert.is(lines.length, 2);
    assert.ok(/ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1/.test(lines[0]), r.out + r.err);
  } finally { p.remove(); }
});

testIf(test, "capture: [bad cksum] explained once on stderr; -K hides marks and note; -tt epoch stamps", skip, async () => {
  const { buildPacket } = await import("../../dist/core/mod.js");
  const p = createPair();
  try {
    const frame = buildPacket({ eth: { src: p.innerMac, dst: p.outerMac }, ipv4: { src: "10.77.0.1", dst: "10.77.0.2" }, udp: { sport: 4000, dport: 4001, checksum: 0xdead }, payload: "offload?" });
    const hex = Array.from(frame, (b) => b.toString(16).padStart(2, "0")).join("");
    for (const k of [false, true]) {
      const cap = runCli(["capture", "-i", p.outer, "-c", "2", "-f", "udp", "-tt", ...(k ? ["-K"] : [])]);
      await cap.ready;
      const snd = await runCli(["send", "-i", p.inner, "--hex", hex, "-c", "2"], { ns: p.ns }).done;
      assert.is(snd.code, 0, snd.err);
      const r = await cap.done;
      assert.is(r.code, 0, r.err);
      const lines = r.out.trim().split("\n");
      assert.is(lines.length, 2, r.out);
      for (const l of lines) assert.match(l, /^\d \d{10}\.\d{6} IP 10\.77\.0\.1\.4000 > 10\.77\.0\.2\.4001: UDP, length 8/);
      assert.is((r.out.match(/\[bad cksum\]/g) ?? []).length, k ? 0 : 2);
      assert.is((r.err.match(/checksum offload/g) ?? []).length, k ? 0 : 1, r.err);
    }
  } finally { p.remove(); }
});

testIf(test, "ping 127.0.0.1 gets replies", isRoot ? (nativeBuilt() ? null : "native addon not built") : "needs root (CAP_NET_RAW)", async () => {
  const r = await runCli(["ping", "127.0.0.1", "-c", "2", "-i", "0.1"]).done;
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /icmp_seq=1 ttl=64/);
  assert.match(r.out, /2 packets transmitted, 2 received, 0% packet loss/);
});

test.run();
