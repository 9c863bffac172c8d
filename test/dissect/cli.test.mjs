// `sockfam dissect [-r] FILE [-c N] [--json] [-t...] [-e] [-K]` and `sockfam
// bench parse`, run as a child process of the current runtime; a truncated
// capture is compared with tcpdump's and tshark's reading of the same file.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { buildPacket, mixedCapture, readCapture, writePcap, writePcapng } from "../../dist/core/mod.js";
import { runtime, have, testIf } from "../_harness.mjs";
import { cliArgv, assertNoStack } from "../cli/_cli.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-cli-"));
const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sockfam = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { encoding: "utf8", env: { ...process.env, TZ: "UTC" }, maxBuffer: 1 << 28 });

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
  assert.equal(b.arp, { op: 1, htype: 1, ptype: 0x0800, spa: "10.0.0.1", tpa: "10.0.0.9", sha: "02:00:00:00:00:01", tha: "00:00:00:00:00:00" });
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

test("-r FILE is the same as the positional file; -c is --count", () => {
  const file = join(dir, "r.pcap");
  writeFileSync(file, writePcap(records, { nanosecond: true }));
  const a = sockfam("dissect", file), b = sockfam("dissect", "-r", file), c = sockfam("dissect", "-c", "1", file);
  assert.is(a.status, 0, a.stderr);
  assert.is(b.stdout, a.stdout);
  assert.is(c.stdout, a.stdout.split("\n")[0] + "\n");
  assert.is(sockfam("dissect", "-r", file, file).status, 2, "the file twice is a usage error");
});

test("timestamps as tcpdump prints them: time of day by default, -t none, -tt epoch, -ttt/-ttttt deltas, -tttt date, --nano", () => {
  const file = join(dir, "ts.pcap");
  const recs = [0, 1, 3].map((k) => ({ data: frames[1], tsSec: 1700000000 + k * 3600, tsNsec: 10000 + k * 1000 }));
  writeFileSync(file, writePcap(recs, { nanosecond: true }));
  const stamps = (...flags) => {
    const r = sockfam("dissect", file, ...flags);
    assert.is(r.status, 0, r.stderr);
    return r.stdout.trim().split("\n").map((l) => l.split(" ARP")[0]);
  };
  // 1700000000 is 2023-11-14 22:13:20 UTC (the test runs the CLI with TZ=UTC).
  assert.equal(stamps(), ["1 22:13:20.000010", "2 23:13:20.000011", "3 01:13:20.000013"]);
  assert.equal(stamps("-t"), ["1", "2", "3"]);
  assert.equal(stamps("-tt"), ["1 1700000000.000010", "2 1700003600.000011", "3 1700010800.000013"]);
  assert.equal(stamps("-tt", "--nano"), ["1 1700000000.000010000", "2 1700003600.000011000", "3 1700010800.000013000"]);
  assert.equal(stamps("-ttt"), ["1 00:00:00.000000", "2 01:00:00.000001", "3 02:00:00.000002"]);
  assert.equal(stamps("-tttt"), ["1 2023-11-14 22:13:20.000010", "2 2023-11-14 23:13:20.000011", "3 2023-11-15 01:13:20.000013"]);
  assert.equal(stamps("-ttttt"), ["1 00:00:00.000000", "2 01:00:00.000001", "3 03:00:00.000003"]);
  // tcpdump agrees on the epoch form (-tt) and the time of day.
  if (have("tcpdump")) {
    const t = spawnSync("tcpdump", ["-tt", "-nr", file], { encoding: "utf8" });
    assert.equal(t.stdout.trim().split("\n").map((l) => l.split(" ")[0]), ["1700000000.000010", "1700003600.000011", "1700010800.000013"]);
    const d = spawnSync("tcpdump", ["-nr", file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    assert.equal(d.stdout.trim().split("\n").map((l) => l.split(" ")[0]), ["22:13:20.000010", "23:13:20.000011", "01:13:20.000013"]);
  }
});

test("a TCP/UDP header cut by the snaplen after its ports prints them as tcpdump does ([|tcp]); --json has them as ports", () => {
  const whole = [
    buildPacket({ eth: {}, ipv6: { src: "2001:db8::1", dst: "2001:db8::2" }, tcp: { sport: 50000, dport: 443, flags: 2 } }),
    buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 53, dport: 5353 }, payload: "q" }),
    buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, tcp: { sport: 1, dport: 2 } }),
  ];
  const keep = [14 + 40 + 6, 14 + 20 + 4, 14 + 20 + 3];
  const file = join(dir, "cutl4.pcap");
  writeFileSync(file, writePcap(whole.map((f, i) => ({ data: f.subarray(0, keep[i]), origLength: f.length, tsSec: 1, tsNsec: 0 }))));
  const r = sockfam("dissect", "-t", file);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.is(lines[0], "1 IP6 2001:db8::1.50000 > 2001:db8::2.443: [|tcp] [errors: tcp.truncated]");
  assert.is(lines[1], "2 IP 10.0.0.1.53 > 10.0.0.2.5353: [|udp] [errors: udp.truncated]");
  assert.match(lines[2], /^3 IP 10\.0\.0\.1 > 10\.0\.0\.2: proto 6, /, "3 bytes: no ports");
  const js = sockfam("dissect", "--json", file).stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(js.map((j) => j.ports), [{ sport: 50000, dport: 443 }, { sport: 53, dport: 5353 }, undefined]);
  assert.ok(js.every((j) => !j.tcp && !j.udp), "no transport layer from a cut header");
  if (have("tcpdump")) {
    const t = spawnSync("tcpdump", ["-t", "-nr", file], { encoding: "utf8" }).stdout.trim().split("\n");
    assert.match(t[0], /2001:db8::1\.50000 > 2001:db8::2\.443: +\[\|tcp\]/, "tcpdump prints the same ports");
    assert.match(t[1], /10\.0\.0\.1\.53 > 10\.0\.0\.2\.5353: +\[\|udp\]/);
  }
});

/** ICMP and ICMPv6 messages of every kind the lines name, each quoting a packet where the message does. */
function icmpFrames() {
  const v4 = { src: "192.0.2.1", dst: "198.51.100.7" }, v6 = { src: "2001:db8::1", dst: "2001:db8::2" };
  const back4 = { src: v4.dst, dst: v4.src }, back6 = { src: v6.dst, dst: v6.src };
  const q4 = (l4) => buildPacket({ ipv4: back4, ...l4 });
  const q6 = (l4) => buildPacket({ ipv6: back6, ...l4 });
  const udp4 = q4({ udp: { sport: 5000, dport: 53 }, payload: "dns?" }), tcp4 = q4({ tcp: { sport: 5000, dport: 80 } });
  const gre4 = buildPacket({ ipv4: { ...back4, proto: 47 }, payload: "12345678" });
  const udp6 = q6({ udp: { sport: 5000, dport: 53 } }), tcp6 = q6({ tcp: { sport: 1, dport: 443 } });
  const be32 = (n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  // The 4 bytes after the checksum are id/seq in the builder: set them through id and seq.
  const e4 = (type, code, payload, word = 0) => buildPacket({ eth: {}, ipv4: v4, icmp: { type, code, id: word >>> 16, seq: word & 0xffff }, payload });
  const e6 = (type, code, payload, word = 0, ip = v6) => buildPacket({ eth: {}, ipv6: ip, icmpv6: { type, code, id: word >>> 16, seq: word & 0xffff }, payload });
  const cat = (...a) => Uint8Array.from(a.flatMap((x) => [...x]));
  const addr = (last) => Uint8Array.from([0xfe, 0x80, ...new Array(13).fill(0), last]);
  return [
    e4(8, 0, "ping", 0x00070001), e4(0, 0, "pong", 0x00070001),
    ...Array.from({ length: 16 }, (_, c) => e4(3, c, c === 2 ? gre4 : c === 3 ? tcp4 : udp4, c === 4 ? 1400 : 0)),
    e4(3, 3, udp4), e4(3, 4, udp4), e4(3, 1, "short"),
    e4(11, 0, udp4), e4(11, 1, udp4), e4(4, 0, udp4), e4(10, 0, ""), e4(12, 0, udp4, 9 << 24),
    ...[0, 1, 2, 3].map((c) => e4(5, c, udp4, 0x0a090807)), e4(13, 0, new Uint8Array(12), 0x00030004), e4(89, 7, "x"),
    e6(128, 0, "ping", 0x00050006), e6(129, 0, "pong", 0x00050006),
    ...[0, 1, 2, 3, 4].map((c) => e6(1, c, c === 3 ? tcp6 : udp6)), e6(1, 4, tcp6), e6(1, 4, "short"),
    e6(2, 0, udp6, 1280), e6(3, 0, udp6), e6(3, 1, udp6), e6(3, 0, "xxxxxxxxxx"),
    ...[0, 1, 2].map((c) => e6(4, c, udp6, 40 + c)),
    e6(133, 0, "", 0, { src: "fe80::1", dst: "ff02::2" }), e6(134, 0, new Uint8Array(8), 0x40000708, { src: "fe80::1", dst: "ff02::1" }),
    e6(135, 0, addr(2), 0, { src: "fe80::1", dst: "ff02::1:ff00:2" }), e6(136, 0, addr(2), 0x60000000, { src: "fe80::2", dst: "fe80::1" }),
    e6(143, 0, cat([4, 0, 0, 0], addr(9)), 2, { src: "fe80::2", dst: "ff02::16" }),
  ];
}

testIf(test, "ICMP and ICMPv6 lines name the message and what an error quotes, as tcpdump prints them", have("tcpdump") ? null : "tcpdump is not installed", () => {
  const file = join(dir, "icmp.pcap");
  writeFileSync(file, writePcap(icmpFrames().map((data) => ({ data, tsSec: 1, tsNsec: 0 }))));
  const r = sockfam("dissect", "-t", "-K", file);
  assert.is(r.status, 0, r.stderr);
  const ours = r.stdout.trim().split("\n").map((l) => l.replace(/^\d+ /, ""));
  const theirs = spawnSync("tcpdump", ["-t", "-nr", file], { encoding: "utf8" }).stdout.trim().split("\n");
  assert.is(ours.length, theirs.length);
  assert.equal(ours.filter((l, i) => l !== theirs[i]).map((l) => `${l}  |  tcpdump: ${theirs[ours.indexOf(l)]}`), []);
  assert.ok(ours.some((l) => l.endsWith("ICMP 192.0.2.1 udp port 53 unreachable, length 40")), "a port unreachable names the quoted port");
  assert.ok(ours.some((l) => l.includes("ICMP6, neighbor solicitation, who has fe80::2")));
});

test("-e prints the link-level header", () => {
  const file = join(dir, "e.pcap");
  writeFileSync(file, writePcap(records.slice(0, 1)));
  const r = sockfam("dissect", "-e", file);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^1 \S+ aa:bb:cc:dd:ee:ff > 02:00:00:00:00:02, ethertype 0x0800, length 78: vlan 42, IP 10\.0\.0\.1\.1234 > /);
});

test("[bad cksum]: explained once on stderr (checksum offload); -K hides the marks and the note", () => {
  const bad = [
    buildPacket({ eth: {}, ipv4: { src: "127.0.0.1", dst: "127.0.0.1" }, udp: { sport: 1, dport: 2, checksum: 0xdead }, payload: "x" }),
    buildPacket({ eth: {}, ipv4: { src: "127.0.0.1", dst: "127.0.0.1" }, tcp: { sport: 3, dport: 4, checksum: 0xbeef } }),
  ];
  const file = join(dir, "cksum.pcap");
  writeFileSync(file, writePcap(bad.map((data) => ({ data, tsSec: 1, tsNsec: 0 }))));
  const r = sockfam("dissect", file);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.match(/\[bad cksum\]/g)?.length, 2);
  const notes = r.stderr.match(/checksum offload/g) ?? [];
  assert.is(notes.length, 1, r.stderr);
  assert.match(r.stderr, /-K \(--dont-verify-checksums\)/);
  for (const flag of ["-K", "--dont-verify-checksums"]) {
    const k = sockfam("dissect", flag, file);
    assert.is(k.status, 0, k.stderr);
    assert.not.match(k.stdout, /bad cksum/);
    assert.is(k.stderr, "");
  }
  const good = join(dir, "good.pcap");
  writeFileSync(good, writePcap(records));
  assert.is(sockfam("dissect", good).stderr, "", "no note without bad checksums");
});

test("--progress: packets, MB and packets/s on stderr, stdout unchanged", () => {
  const file = join(dir, "mix.pcap");
  writeFileSync(file, mixedCapture({ packets: 20000 }));
  const plain = sockfam("dissect", file);
  const r = sockfam("dissect", "--progress", file);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, plain.stdout);
  assert.is(plain.stderr, "", "no progress when stderr is not a terminal");
  assert.match(r.stderr, /\r20000 packets, [\d.]+ of [\d.]+ MB \(100%\), \d+ packets\/s/);
});

testIf(test, "on a terminal (stderr a pty, stdout a file): the progress line for a large file only", have("script") ? null : "script(1) not found (needed for a pseudo-terminal)", () => {
  const big = join(dir, "big.pcap"), small = join(dir, "small.pcap");
  writeFileSync(big, mixedCapture({ packets: 50000 }));
  assert.ok(statSync(big).size >= 16 << 20, "the large file is at least 16 MiB");
  writeFileSync(small, mixedCapture({ packets: 100 }));
  const onTty = (file) => {
    const cmd = `${cliArgv("dissect", file).map((a) => `'${a}'`).join(" ")} > '${join(dir, "out.txt")}'`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    assert.is(r.status, 0, r.stdout + r.stderr);
    return { tty: r.stdout, lines: readFileSync(join(dir, "out.txt"), "utf8").trim().split("\n").length };
  };
  const b = onTty(big);
  assert.is(b.lines, 50000);
  assert.match(b.tty, /50000 packets, [\d.]+ of [\d.]+ MB \(100%\), \d+ packets\/s/);
  const s = onTty(small);
  assert.is(s.lines, 100);
  assert.not.match(s.tty, /packets\/s/);
});

test("a closed pipe (| head) ends the output quietly with status 0, with --workers 2 too", () => {
  const file = join(dir, "mix2.pcap");
  writeFileSync(file, mixedCapture({ packets: 50000 }));
  for (const extra of [[], ["--workers", "2"]]) {
    const cmd = cliArgv("dissect", file, ...extra).map((a) => `'${a}'`).join(" ");
    const r = spawnSync("bash", ["-c", `set -o pipefail; ${cmd} | head -n 2`], { encoding: "utf8" });
    assertNoStack(r);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout.trim().split("\n").length, 2);
    assert.is(r.stderr, "");
  }
});

// Complete packet records in a (cut) little-endian pcap or pcapng, by walking the record/block
// lengths in plain JS: 16-byte pcap record headers, or pcapng blocks (EPB type 6, SPB type 3).
function completeRecords(b, fmt) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let n = 0, pos;
  if (fmt === "pcap") {
    for (pos = 24; pos + 16 <= b.length && pos + 16 + dv.getUint32(pos + 8, true) <= b.length; pos += 16 + dv.getUint32(pos + 8, true)) n++;
  } else {
    for (pos = 0; pos + 12 <= b.length && pos + dv.getUint32(pos + 4, true) <= b.length; pos += dv.getUint32(pos + 4, true)) {
      const type = dv.getUint32(pos, true);
      if (type === 6 || type === 3) n++;
    }
  }
  return { n, cut: pos < b.length };
}

// Depends on the core's truncation fix (issue 8 item 1): the library delivers every complete
// record to `visit`, then throws FrameError TRUNCATED with the offset. If this fails while the
// other CLI tests pass, that branch has not been merged yet.
for (const fmt of ["pcap", "pcapng"]) {
  test(`a ${fmt} cut short: every complete packet (as tcpdump and tshark print), then one warning with the offset, exit 1`, () => {
    const whole = mixedCapture({ packets: 47 });
    const bytes = fmt === "pcap" ? whole : writePcapng([...readCapture(whole)]);
    for (const cut of [5, 100, Math.floor(bytes.length / 2), Math.floor(bytes.length / 3)]) {
      const file = join(dir, `cut.${fmt}`);
      writeFileSync(file, bytes.subarray(0, bytes.length - cut));
      const { n: complete, cut: inside } = completeRecords(bytes.subarray(0, bytes.length - cut), fmt);
      const r = sockfam("dissect", file);
      assertNoStack(r);
      if (!inside) {
        // Cut exactly between two records: a complete (shorter) file, as tcpdump also reads it.
        assert.is(r.status, 0, r.stderr);
        assert.is(r.stderr, "");
        assert.is(r.stdout.trim().split("\n").length, complete);
        continue;
      }
      assert.is(r.status, 1, "tcpdump exits 1 on a truncated file; so does sockfam");
      const lines = r.stdout.trim().split("\n");
      assert.is(lines.length, complete, `cut ${cut}: ${r.stderr}`);
      assert.match(lines.at(-1), new RegExp(`^${complete} `));
      const err = r.stderr.trim().split("\n");
      assert.is(err.length, 1, r.stderr);
      assert.match(err[0], /^sockfam dissect: TRUNCATED: .*offset \d+/);
      if (have("tcpdump")) {
        const t = spawnSync("tcpdump", ["-nr", file], { encoding: "utf8" });
        assert.is(t.status, 1);
        assert.is(t.stdout.trim().split("\n").length, lines.length, "tcpdump prints as many packets");
      }
      const j = sockfam("dissect", "--json", file);
      assert.is(j.stdout.trim().split("\n").length, complete);
      assert.is(j.status, 1);
    }
  });
}

// -f EXPR: the packets tcpdump -r FILE EXPR prints, told apart by their epoch timestamps
// (-tt; the mixed capture's are distinct), in pcap and pcapng; numbered 1.. as printed.
const FILTERS = ["tcp port 80", "udp and not port 53", "icmp or arp", "ip6", "vlan", "tcp[tcpflags] & tcp-syn != 0", "greater 600"];
testIf(test, "-f EXPR selects the packets tcpdump -r FILE EXPR prints (pcap and pcapng)", have("tcpdump") ? null : "tcpdump is not installed", () => {
  const whole = mixedCapture({ packets: 3000 });
  const files = { pcap: whole, pcapng: writePcapng([...readCapture(whole)]) };
  for (const [fmt, bytes] of Object.entries(files)) {
    const file = join(dir, `f.${fmt}`);
    writeFileSync(file, bytes);
    for (const expr of FILTERS) {
      const r = sockfam("dissect", file, "-tt", "-f", expr);
      assert.is(r.status, 0, r.stderr);
      const t = spawnSync("tcpdump", ["-ttnr", file, expr], { encoding: "utf8" });
      assert.is(t.status, 0, t.stderr);
      const want = t.stdout.trim().split("\n").filter(Boolean).map((l) => l.split(" ")[0]);
      const got = r.stdout.trim().split("\n").filter(Boolean);
      assert.ok(want.length > 0, `${expr} selects packets`);
      assert.equal(got.map((l) => l.split(" ")[1]), want, `${fmt} ${expr}: the same packets as tcpdump`);
      assert.equal(got.map((l) => Number(l.split(" ")[0])), want.map((_, i) => i + 1), "numbered as printed");
    }
  }
});

test("a bad filter expression exits 2 or 1 with the compiler's message, even on a capture without packets", () => {
  const file = join(dir, "empty.pcap");
  writeFileSync(file, writePcap([]));
  const r = sockfam("dissect", file, "-f", "tcp port");
  assertNoStack(r);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /^sockfam dissect: .*port/m);
  const extra = sockfam("dissect", file, "tcp");
  assert.is(extra.status, 2);
  assert.match(extra.stderr, /-f/, "a filter given as an argument: the usage error says to use -f");
});

test("--workers 2 prints exactly what one thread prints: text, --json, with -f, on a cut file and on a corrupt one", () => {
  const bytes = mixedCapture({ packets: 40_000 });
  const file = join(dir, "w.pcap"), cut = join(dir, "wcut.pcap"), bad = join(dir, "wbad.pcap");
  writeFileSync(file, bytes);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  // A record near the start of the second run (the workers read 8 MiB runs) claims 16 MiB.
  const corrupt = bytes.slice(), dv = new DataView(corrupt.buffer);
  let o = 24;
  while (o < (9 << 20)) o += 16 + dv.getUint32(o + 8, true);
  dv.setUint32(o + 8, 16 << 20, true);
  writeFileSync(bad, corrupt);
  // -ttt (deltas) is formatted on the calling thread; the others in the workers, which read the file themselves.
  for (const args of [[file, "-tt"], [file, "--json"], [file, "-f", "tcp or icmp6", "-e"], [file, "-f", "udp", "--json"], [file, "-ttt"], [cut, "-tt"], [cut, "-f", "tcp", "--json"], [bad, "-tt"], [bad, "-ttt"]]) {
    const one = sockfam("dissect", ...args), two = sockfam("dissect", ...args, "--workers", "2");
    assertNoStack(two);
    assert.is(two.status, one.status, `${args.join(" ")}: exit status`);
    assert.is(two.stderr, one.stderr, `${args.join(" ")}: stderr`);
    assert.ok(one.stdout.length > 1000);
    assert.ok(two.stdout === one.stdout, `${args.join(" ")}: the same output (${two.stdout.length} vs ${one.stdout.length} bytes)`);
  }
  assert.is(sockfam("dissect", file, "--workers", "0").status, 2, "--workers 0 is a usage error");
  // A pipe has no offsets for the workers to read at: it is read in order, as on one thread.
  const run = [process.execPath, ...(runtime === "deno" ? ["run", "-A", "--quiet"] : []), main].map((a) => `'${a}'`).join(" ");
  const piped = spawnSync("sh", ["-c", `cat '${file}' | ${run} dissect /dev/stdin -tt --workers 2`], { encoding: "utf8", env: { ...process.env, TZ: "UTC" }, maxBuffer: 1 << 28 });
  assert.is(piped.status, 0, piped.stderr);
  assert.ok(piped.stdout === sockfam("dissect", file, "-tt").stdout, "a pipe with --workers 2: the same output");
});

test("bench parse --workers 2 prints the figure on two workers beside one worker and one thread", () => {
  const r = sockfam("bench", "parse", "--packets", "20000", "--workers", "2");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /DissectPool\(1\): [\d.]+ M packets\/s/);
  assert.match(r.stdout, /on 2 worker threads: [\d.]+ M packets\/s \([\d.]+x one worker, [\d.]+x one thread\)/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
