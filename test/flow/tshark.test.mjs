// Flows and streams of real captures (made in private namespaces, see
// _capture.mjs) against tshark: every flow's stream number, endpoints, frames
// and bytes per direction; every TCP and UDP stream's follow,raw output byte
// for byte, on a clean capture, a lossy one (retransmissions, SACK, out of
// order), a copy of the lossy one with data segments cut out (gaps), and one
// without 30% of its frames (lost handshakes, a SYN/ACK with a new ISN inside
// an old stream, lost fragments).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { dissectBatch, flowJSON, flows, readCapture, reassemble, writePcap } from "../../dist/core/mod.js";
import { runtime, testIf } from "../_harness.mjs";
import { captureSkipReason, makeCapture } from "./_capture.mjs";
import { followRaw, tsharkConv, tsharkFlows, tsharkFollow } from "./_oracle.mjs";

const reason = captureSkipReason();
const dir = mkdtempSync(join(tmpdir(), "sockfam-flow-"));
const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sockfam = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
const files = {};

async function capture(name, loss) {
  for (let attempt = 1; ; attempt++) {
    try {
      const file = await makeCapture(dir, { name, loss });
      // The traffic's own preconditions (a loaded machine can lose a connection attempt):
      // the two connections from client port 45123, seen by tshark.
      const reused = tsharkFlows(file).filter((f) => f.proto === "tcp" && f.a.endsWith(":45123")).length;
      if (reused !== 2) throw new Error(`the capture holds ${reused} connections from port 45123, not 2`);
      return file;
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`capture ${name} failed (${e.message.split("\n")[0]}); again (attempt ${attempt + 1} of 3)`);
    }
  }
}

testIf(test, "make a clean and a lossy capture in private namespaces", reason, async () => {
  files.clean = await capture("clean", 0);
  files.lossy = await capture("lossy", 25);
  // A copy of the lossy capture without every 5th data segment from the server: the hosts saw bytes the capture lacks.
  const recs = [...readCapture(new Uint8Array(readFileSync(files.lossy)))];
  const t = dissectBatch(recs);
  let k = 0;
  const kept = recs.filter((_, i) => { const p = t.packet(i); return !(p.hasTcp && p.sport === 8000 && p.payloadLength > 0 && ++k % 5 === 0); });
  files.gaps = join(dir, "gaps.pcap");
  writeFileSync(files.gaps, writePcap(kept, { nanosecond: true }));
  // And one without 30% of its frames, chosen by a seeded generator: lost SYNs, FINs, fragments, ACKs.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  files.cut = join(dir, "cut.pcap");
  writeFileSync(files.cut, writePcap(recs.filter(() => rnd() >= 0.3), { nanosecond: true }));
  const retrans = spawnSync("tshark", ["-r", files.lossy, "-Y", "tcp.analysis.retransmission or tcp.analysis.out_of_order"], { encoding: "utf8" }).stdout.trim().split("\n").length;
  assert.ok(retrans > 3, `the lossy capture has retransmissions (${retrans})`);
  const sack = spawnSync("tshark", ["-r", files.lossy, "-Y", "tcp.options.sack_le"], { encoding: "utf8" }).stdout.trim().split("\n").length;
  assert.ok(sack > 0, "and SACK blocks");
});

const noBrackets = (e) => e.replace(/^\[(.*)\]:(\d+)$/, "$1:$2");

for (const name of ["clean", "lossy", "gaps", "cut"]) {
  const whole = name !== "cut"; // the cut capture lacks handshakes and fragments
  testIf(test, `${name}: every flow agrees with tshark (stream, endpoints, frames and bytes each way)`, reason, async () => {
    const bytes = new Uint8Array(readFileSync(files[name]));
    const { flows: ours } = await flows(bytes);
    const theirs = tsharkFlows(files[name]);
    const view = (f) => ({ proto: f.proto, stream: f.stream, a: f.a, b: f.b, packets: f.packets, bytes: f.bytes, firstFrame: f.firstFrame });
    assert.equal(ours.map((f) => view({ ...flowJSON(f), firstFrame: f.firstFrame })), theirs.map(view));
    if (whole) {
      assert.ok(ours.filter((f) => f.proto === "tcp").length >= 7 && ours.some((f) => f.proto === "udp" && f.aHost.includes(":")), "TCP and UDP over both IP versions");
      const reused = ours.filter((f) => f.aPort === 45123);
      assert.is(reused.length, 2, "the second SYN from the same port starts a new stream");
      assert.equal(reused.map((f) => f.state), ["reset", "reset"]);
    }
    // tshark's conversation tables: the same rows with the same frame counts.
    // Relative to the capture's first frame, in integer nanoseconds.
    const ns = (t) => BigInt(t[0]) * 1000000000n + BigInt(t[1]);
    const r0 = readCapture(bytes)[Symbol.iterator]().next().value;
    const first = ns([r0.tsSec, r0.tsNsec]);
    for (const proto of ["tcp", "udp"]) {
      const conv = tsharkConv(files[name], proto).map((r) => `${r.a} ${r.b} ${r.packets} ${r.start}`).sort();
      const mine = ours.filter((f) => f.proto === proto).map((f) => {
        const j = flowJSON(f), d = ns(f.start) - first, rel = `${d / 1000000000n}.${String(d % 1000000000n).padStart(9, "0")}`;
        return `${noBrackets(j.a)} ${noBrackets(j.b)} ${j.packets} ${rel}`;
      }).sort();
      assert.equal(mine, conv, `conv,${proto}`);
    }
  });

  testIf(test, `${name}: every TCP and UDP stream's bytes equal tshark's follow,raw`, reason, async () => {
    const bytes = new Uint8Array(readFileSync(files[name]));
    const streams = new Map();
    const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    let gaps = 0;
    const { flows: all, stats } = await reassemble(bytes, {
      onFlow: (f) => streams.set(`${f.proto}${f.stream}`, []),
      onData: (f, dir, data) => streams.get(`${f.proto}${f.stream}`).push({ dir, hex: hex(data) }),
      onGap: (f, dir, missing) => { gaps++; streams.get(`${f.proto}${f.stream}`).push({ dir, hex: hex(new TextEncoder().encode(`[${missing} bytes missing in capture file]\0`)) }); },
    });
    for (const proto of ["tcp", "udp"]) {
      const mine = all.filter((f) => f.proto === proto);
      const theirs = tsharkFollow(files[name], proto, mine.map((f) => f.stream));
      for (const f of mine) {
        const j = flowJSON(f);
        assert.fixture(followRaw(proto, f.stream, j.a, j.b, streams.get(`${proto}${f.stream}`)), theirs.get(`${proto}${f.stream}`), `${proto} stream ${f.stream}`);
      }
    }
    const big = all.filter((f) => f.dataBytes[1] >= 600000);
    if (name === "clean" || name === "lossy") assert.is(big.length, 2, "both big downloads reassembled in full");
    assert.is(stats.streams.droppedSegments, 0);
    if (name === "gaps" || name === "cut") assert.ok(gaps > 0, "gaps reported");
    else assert.is(gaps, 0, "no gap where the capture has every byte");
    if (whole) assert.ok(stats.defrag.reassembled >= 10, `fragmented UDP and ICMP rebuilt (${stats.defrag.reassembled})`);
  });

  testIf(test, `${name}: every datagram rebuilt from fragments is tshark's (frame, length, ICMP checksum good)`, reason, async () => {
    const ours = [];
    await reassemble(new Uint8Array(readFileSync(files[name])), {
      onDatagram: (p, frame) => {
        const ok = p.hasIcmp || p.hasIcmpv6 ? String(p.l4Checksum) : "";
        ours.push([frame + 1, p.hasIpv4 ? p.payloadLength + (p.hasUdp ? 8 : p.hasIcmp ? 8 : 0) : "", p.hasIpv6 ? p.payloadLength + 8 : "", ok, p.hasIcmp ? p.icmpType : p.hasIcmpv6 ? p.icmpType : ""].join(" "));
      },
    });
    const out = spawnSync("tshark", ["-r", files[name], "-Y", "ip.reassembled.length or ipv6.reassembled.length", "-T", "fields",
      "-e", "frame.number", "-e", "ip.reassembled.length", "-e", "ipv6.reassembled.length", "-e", "icmp.checksum.status", "-e", "icmpv6.checksum.status", "-e", "icmp.type", "-e", "icmpv6.type"], { encoding: "utf8" }).stdout;
    // (A "cut" capture may hold no complete fragment set: then neither side has a row.)
    const theirs = (out.trim() ? out.trim().split("\n") : []).map((l) => { const [n, l4, l6, c4, c6, t4, t6] = l.split("\t"); return [n, l4, l6, c4 || c6, t4 || t6].join(" "); });
    if (whole) assert.ok(theirs.length >= 14, "UDP and ICMP over IPv4 and IPv6 were fragmented");
    assert.equal(ours, theirs);
  });

  testIf(test, `${name}: the CLI's follow --raw equals tshark's for a TCP and a UDP stream`, reason, () => {
    for (const [proto, n] of [["tcp", 0], ["udp", 1], ["tcp", whole ? 6 : 5]]) {
      const r = sockfam("follow", files[name], `--${proto}`, String(n), "--raw");
      assert.is(r.status, 0, r.stderr);
      assert.fixture(r.stdout, tsharkFollow(files[name], proto, [n]).get(`${proto}${n}`));
    }
    const r = sockfam("flows", files[name], "--json");
    assert.is(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(Object.keys(lines[0]), ["proto", "stream", "a", "b", "packets", "bytes", "start", "end"]);
    assert.equal(lines.map((l) => `${l.proto}${l.stream} ${l.a} ${l.b} ${l.packets} ${l.bytes}`),
      tsharkFlows(files[name]).map((l) => `${l.proto}${l.stream} ${l.a} ${l.b} ${l.packets} ${l.bytes}`));
  });
}

testIf(test, "follow without --raw writes the stream's bytes: tshark's reassembly of them, and the big download is the served file", reason, () => {
  // The big download: the TCP stream with the most bytes (the four downloads start at once,
  // so which one is stream 0 depends on the scheduler), as tshark's conversations tell.
  const total = (l) => l.bytes[0] + l.bytes[1];
  const big = tsharkFlows(files.lossy).filter((l) => l.proto === "tcp").sort((a, b) => total(b) - total(a))[0].stream;
  const run = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { maxBuffer: 1 << 28 });
  const r = run("follow", files.lossy, "--tcp", String(big));
  assert.is(r.status, 0, String(r.stderr));
  // tshark's follow,raw of the same stream: every chunk of both directions, in order, as hex.
  const raw = tsharkFollow(files.lossy, "tcp", [big]).get(`tcp${big}`);
  const theirs = Buffer.from(raw.split("\n").filter((l) => /^\t?[0-9a-f]+$/.test(l)).map((l) => l.trim()).join(""), "hex");
  const body = (b) => b.subarray(b.indexOf("\r\n\r\n", b.indexOf("HTTP/1.0 200")) + 4);
  const file = Buffer.from(readFileSync(join(dir, "big.bin")));
  const ours = r.stdout;
  if (!ours.equals(theirs)) {
    let at = 0;
    while (at < ours.length && ours[at] === theirs[at]) at++;
    assert.unreachable(`sockfam follow wrote ${ours.length} bytes, tshark's stream has ${theirs.length}; they differ from byte ${at}`);
  }
  // The capture holds the whole download (tcpdump dropped nothing): so must the followed stream.
  assert.is(body(theirs).length, file.length, "tshark's reassembly holds the whole served file");
  assert.ok(file.equals(body(ours)), "bytes of big.bin");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
