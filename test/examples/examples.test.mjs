// Every examples/*.mjs runs unchanged under the runtime of this test (node
// FILE / deno run -A FILE, from the repository root), exits 0 by itself within
// 30 s and prints what it is for. Examples that need root print "skipped: ..."
// without it; that is reported here as a visible skip.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { have, isRoot, runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = join(root, "node_modules", ".bin", "deno");
const needsRoot = !isRoot ? "needs root (the example prints why and exits 0; checked below)" : null;

// What each example must print (all patterns), and whether it needs root.
const EXPECT = {
  "udp_pair.mjs": { out: [/b got "ping" from/, /a got "pong"/, /IP_TTL on a: 7|note: IP_TTL is not available here \(ENOPROTOOPT\)/] },
  "tcp_echo.mjs": { out: [/client: 5 bytes echoed, equal: true/, /client: 4999 bytes echoed, equal: true/] },
  "unix_sockets.mjs": { out: [/dgram server got "request"/, /dgram client got "reply"/, /seqpacket record "one"[\s\S]*"two"[\s\S]*"three"/] },
  "framed_tcp.mjs": { out: [/op=hello/, /message of 100023 bytes: op=data/, /op=bye/] },
  "dissect_pcap.mjs": { out: [/wrote 5 packets/, /2001:db8::1 > 2001:db8::2 udp 1000 > 2000/, /summary: .*ipv4.*4.*tcp.*2.*udp.*2.*ipv6.*1.*icmp.*1/] },
  "ping.mjs": { root: true, out: [/reply from 127\.0\.0\.1: icmp type 0 ttl 64/] },
  "packet_netns.mjs": { root: true, out: [/captured \d+ bytes on sfxa\d+ .*icmp echo reply, checksums ok: true/, /removed sfxa\d+ and netns sfxns\d+/] },
  "core_worker.mjs": { out: [/worker checksums: .*cbf43926.*e3069283.* main thread crc32: cbf43926/, /worker decoded: .*alpha.*beta.*gamma/] },
};

const files = readdirSync(join(root, "examples")).filter((n) => n.endsWith(".mjs") && !n.startsWith("_")).sort();

function run(file) {
  const [cmd, args] = runtime === "deno" ? [deno, ["run", "-A", "--quiet", `examples/${file}`]] : [process.execPath, [`examples/${file}`]];
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
  return { ...r, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

test("at least eight examples, each with expectations here", () => {
  assert.ok(files.length >= 8, `only ${files.length} examples`);
  assert.equal(files.filter((f) => !EXPECT[f]), [], "examples without expectations in this test");
});

for (const f of files) {
  const e = EXPECT[f] ?? { out: [] };
  testIf(test, `examples/${f} runs under ${runtime} and exits by itself`, e.root ? needsRoot : null, () => {
    const r = run(f);
    assert.ok(r.error === undefined, `${f}: ${r.error?.message} (must exit within 30 s)\n${r.out}`);
    assert.is(r.status, 0, `${f} exited ${r.status ?? r.signal}:\n${r.out}`);
    for (const re of e.out) assert.match(r.out, re, `${f} did not print ${re}:\n${r.out}`);
  });
  if (e.root && needsRoot) {
    test(`examples/${f} without root says why and exits 0`, () => {
      const r = run(f);
      assert.is(r.status, 0, r.out);
      assert.match(r.out, /skipped: .*root/);
    });
  }
}

testIf(test, "tshark reads the capture examples/dissect_pcap.mjs wrote: 5 frames, the same protocols",
  !have("tshark") ? "tshark is not installed" : null, () => {
    const r0 = run("dissect_pcap.mjs");
    assert.is(r0.status, 0, r0.out);
    const r = spawnSync("tshark", ["-r", join(root, "build/examples/mixed.pcap"), "-T", "fields", "-e", "frame.protocols"], { encoding: "utf8", timeout: 60_000 });
    assert.is(r.status, 0, r.stderr);
    const protos = r.stdout.trim().split("\n");
    assert.equal(protos.map((p) => p.split(":").slice(1, 4).join(":")), [
      "ethertype:ip:tcp", "ethertype:ip:tcp", "ethertype:ip:udp", "ethertype:ipv6:udp", "ethertype:ip:icmp",
    ]);
  });

test.run();
