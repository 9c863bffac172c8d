// `sockfam dissect FILE [--count N] [--json]` and `sockfam bench parse`, run
// as a child process of the current runtime.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { buildPacket, writePcap, writePcapng } from "../../dist/core/mod.js";
import { runtime } from "../_harness.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-cli-"));
const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sockfam = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { encoding: "utf8" });

const frames = [
  buildPacket({ eth: { src: "aa:bb:cc:dd:ee:ff", dst: "02:00:00:00:00:02", vlans: [42] }, ipv4: { src: "10.0.0.1", dst: "10.0.0.9", id: 7, df: true }, tcp: { sport: 1234, dport: 80, flags: 18, seq: 5, ack: 6, window: 1000, options: { mss: 1460, wscale: 10, sackPerm: true, tsval: 1, tsecr: 2 } } }),
  buildPacket({ eth: {}, arp: { op: 1, spa: "10.0.0.1", tpa: "10.0.0.9" } }),
  buildPacket({ eth: {}, ipv6: { src: "2001:db8::1", dst: "2001:db8::2", fragment: { offset: 0, more: true, ident: 1 } }, icmpv6: { id: 1, seq: 2 } }),
];
const records = frames.map((data, i) => ({ data, tsSec: 1700000000, tsNsec: 10000 + i }));

test("--json prints one object per packet with the issue's field names", () => {
  const file = join(dir, "a.pcap");
  writeFileSync(file, writePcap(records, { nanosecond: true }));
  const r = sockfam("dissect", file, "--json");
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.is(lines.length, 3);
  const [a, b, c] = lines;
  assert.equal(Object.keys(a), ["n", "ts", "len", "caplen", "eth", "ipv4", "tcp", "payloadLen", "errors"]);
  assert.is(a.n, 1);
  assert.is(a.ts, "1700000000.000010000");
  assert.equal(a.eth, { src: "aa:bb:cc:dd:ee:ff", dst: "02:00:00:00:00:02", type: 2048, vlans: [42] });
  assert.equal(a.ipv4, { src: "10.0.0.1", dst: "10.0.0.9", proto: 6, ttl: 64, id: 7, df: true, mf: false, fragOffset: 0, tos: 0, ihl: 20, len: 60, checksumOk: true });
  assert.equal(a.tcp, { sport: 1234, dport: 80, seq: 5, ack: 6, flags: 18, window: 1000, hdrLen: 40, urgent: 0, options: { mss: 1460, wscale: 10, sackPerm: true, tsval: 1, tsecr: 2 }, checksumOk: true });
  assert.equal(b.arp, { op: 1, spa: "10.0.0.1", tpa: "10.0.0.9", sha: "02:00:00:00:00:01", tha: "00:00:00:00:00:00" });
  assert.equal(c.ipv6, { src: "2001:db8::1", dst: "2001:db8::2", next: 58, hopLimit: 64, tclass: 0, nextHeader: 44, plen: 16, fragment: { offset: 0, more: true, ident: 1 } });
  assert.is(c.icmpv6.checksumOk, null, "first fragment: not verifiable");
  assert.equal(c.errors, []);
});

test("text lines in the spirit of tcpdump -r, and --count", () => {
  const file = join(dir, "b.pcapng");
  writeFileSync(file, writePcapng(records));
  const r = sockfam("dissect", file, "--count", "2");
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.length, 2);
  assert.match(lines[0], /vlan 42, IP 10\.0\.0\.1\.1234 > 10\.0\.0\.9\.80: Flags \[S\.\], seq 5, ack 6, win 1000/);
  assert.match(lines[1], /ARP, Request who-has 10\.0\.0\.9 tell 10\.0\.0\.1/);
});

test("a bad file exits 1 with the FrameError code and offset in the message", () => {
  const file = join(dir, "bad.pcap");
  writeFileSync(file, writePcap(records).subarray(0, 60));
  const r = sockfam("dissect", file);
  assert.is(r.status, 1);
  assert.match(r.stderr, /TRUNCATED: .*offset 24/);
  const missing = sockfam("dissect", join(dir, "nope.pcap"));
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /ENOENT/);
});

test("bench parse on a small generated capture prints packets/s", () => {
  const r = sockfam("bench", "parse", "--packets", "5000");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /5000 packets/);
  assert.match(r.stdout, /M packets\/s, [\d.]+ GB\/s/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
