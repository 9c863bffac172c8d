// Hostile and tricky inputs, crafted: overlapping and duplicate fragments,
// out-of-order fragments, timeouts, a flood of tiny fragments (memory stays
// under its cap; counters say what was dropped), TCP sequence wraparound,
// overlapping and out-of-order segments (checked against tshark's follow when
// tshark is installed), and a flood of out-of-order segments.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPacket, flowJSON, flows, reassemble } from "../../dist/core/mod.js";
import { have, testIf } from "../_harness.mjs";
import { A4, fragment, pcap, tcp, udpSegment } from "./_craft.mjs";
import { followRaw, tsharkFlows, tsharkFollow } from "./_oracle.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-flowh-"));
const noTshark = have("tshark") ? null : "tshark not installed";

async function run(bytes, options) {
  const datagrams = [], data = [], gaps = [], follow = [];
  const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const r = await reassemble(bytes, {
    onDatagram: (p, frame) => datagrams.push({ frame, p: p.toJSON(), payload: p.payload.slice() }),
    onData: (f, dir, b) => { data.push({ stream: f.stream, proto: f.proto, dir, hex: hex(b) }); follow.push({ dir, hex: hex(b) }); },
    onGap: (f, dir, missing) => { gaps.push({ dir, missing }); follow.push({ dir, hex: hex(new TextEncoder().encode(`[${missing} bytes missing in capture file]\0`)) }); },
  }, options);
  // follow: data and tshark's gap markers in order, for one-stream captures.
  return { ...r, datagrams, data, gaps, follow };
}

for (const v6 of [false, true]) {
  const ip = v6 ? "IPv6" : "IPv4";
  test(`${ip}: fragments out of order and a duplicate rebuild the datagram, dissected with a good UDP checksum`, async () => {
    const { segment, payload } = udpSegment(v6, 3000);
    const cuts = [[1480, 2960], [1480, 2960], [0, 1480], [2960, 3008]];
    const r = await run(pcap(cuts.map(([s, e]) => fragment(v6, segment, s, e, 77))));
    assert.is(r.datagrams.length, 1);
    assert.is(r.datagrams[0].frame, 3, "completed by the last frame");
    assert.is(r.datagrams[0].p.udp.checksumOk, true);
    assert.equal(r.datagrams[0].payload, payload);
    assert.is(r.stats.defrag.duplicates, 1, "the repeated fragment is ignored");
    assert.is(r.flows.length, 1);
    assert.equal(r.flows[0].packets, [1, 0], "a rebuilt datagram counts once, as tshark counts it");
  });

  test(`${ip}: an overlapping fragment drops the whole datagram (RFC 5722), later fragments too`, async () => {
    const { segment } = udpSegment(v6, 3000);
    const r = await run(pcap([[0, 1480], [1472, 2952], [1480, 2960], [2960, 3008]].map(([s, e]) => fragment(v6, segment, s, e, 78))));
    assert.is(r.datagrams.length, 0);
    assert.is(r.stats.defrag.overlaps, 1);
    assert.is(r.stats.defrag.dropped, 2, "the two fragments after the overlap");
    assert.is(r.flows.length, 0, "nothing invented");
  });

  test(`${ip}: a flood of tiny fragments keeps memory under the cap`, async () => {
    const { segment } = udpSegment(v6, 65000 - 48);
    const frames = [];
    // 3000 datagrams of which only 8-byte pieces arrive (never complete), then one with 200 pieces.
    for (let id = 0; id < 3000; id++) frames.push(fragment(v6, segment, 8 * (id % 50), 8 * (id % 50) + 8, id, true));
    for (let k = 0; k < 200; k++) frames.push(fragment(v6, segment, 8 * k, 8 * k + 8, 99999, true));
    const maxMemory = 64 << 10;
    const r = await run(pcap(frames), { defrag: { maxMemory, maxFragments: 64 } });
    const s = r.stats.defrag;
    assert.ok(s.peakMemory <= maxMemory, `peak ${s.peakMemory} <= ${maxMemory}`);
    assert.ok(s.evicted > 2000, `oldest incomplete datagrams evicted (${s.evicted})`);
    assert.is(s.tooManyFragments, 1, "the 65th piece of one datagram drops it");
    assert.is(s.fragments, 3200);
    assert.is(r.datagrams.length, 0);
  });
}

test("a datagram whose fragments are further apart than the timeout is not rebuilt", async () => {
  const { segment } = udpSegment(false, 2000);
  const r = await run(pcap([fragment(false, segment, 0, 1480, 5), fragment(false, segment, 1480, 2008, 5)], [0, 31]));
  assert.is(r.datagrams.length, 0);
  assert.is(r.stats.defrag.timedOut, 1);
  const again = await run(pcap([fragment(false, segment, 0, 1480, 5), fragment(false, segment, 1480, 2008, 5)], [0, 29]));
  assert.is(again.datagrams.length, 1, "within 30 s it is");
});

test("fragments that are not a multiple of 8 bytes (but the last) or reach past 65535 are dropped", async () => {
  const { segment } = udpSegment(false, 3000);
  const past = buildPacket({ eth: {}, ipv4: { ...A4, id: 7, proto: 17, fragOffset: 65528 / 8 }, payload: new Uint8Array(16) });
  const r = await run(pcap([fragment(false, segment, 0, 1001, 6, true), past]));
  assert.is(r.stats.defrag.dropped, 2);
});

// TCP: handshake with an ISN just below 2^32, data across the wrap, a retransmission with more
// data, an overlap, out-of-order segments, then FIN.
const ISN = 0xfffffff0, SRV = 0x7ffffff0;
const text = (n, c) => String.fromCharCode(...Array.from({ length: n }, (_, i) => 97 + ((i + c) % 26)));
const wrapFrames = [
  tcp(true, ISN, 0, 2),
  tcp(false, SRV, ISN + 1, 18),
  tcp(true, ISN + 1, SRV + 1, 16),
  tcp(true, ISN + 1, SRV + 1, 24, text(10, 0)), // crosses 2^32 at byte 15: not yet
  tcp(true, ISN + 21, SRV + 1, 24, text(10, 20)), // out of order (a hole at +11..+20)
  tcp(true, ISN + 11, SRV + 1, 24, text(10, 10)), // fills the hole across the wrap
  tcp(true, ISN + 1, SRV + 1, 24, text(40, 0)), // retransmission with 10 new bytes at the end
  tcp(true, ISN + 35, SRV + 1, 24, text(10, 34)), // overlaps the end by 6
  tcp(false, SRV + 1, ISN + 45, 24, "ok"),
  tcp(true, ISN + 45, SRV + 3, 17),
  tcp(false, SRV + 3, ISN + 46, 17),
];

test("TCP across sequence wraparound: retransmissions, overlaps and out-of-order segments give each byte once", async () => {
  const r = await run(pcap(wrapFrames));
  const a = r.data.filter((d) => d.dir === 0).map((d) => d.hex).join("");
  assert.is(Buffer.from(a, "hex").toString(), text(44, 0));
  assert.equal(r.data.filter((d) => d.dir === 1).map((d) => Buffer.from(d.hex, "hex").toString()), ["ok"]);
  assert.is(r.flows[0].state, "closed");
  assert.equal(r.flows[0].dataBytes, [44, 2]);
  assert.equal(r.gaps, []);
});

testIf(test, "TCP across sequence wraparound: the same chunks as tshark's follow,raw", noTshark, async () => {
  const file = join(dir, "wrap.pcap");
  const bytes = pcap(wrapFrames);
  writeFileSync(file, bytes);
  const r = await run(bytes);
  assert.fixture(followRaw("tcp", 0, "10.9.0.1:40000", "10.9.0.2:80", r.data), tsharkFollow(file, "tcp", [0]).get("tcp0"));
});

testIf(test, "a hole acknowledged by the peer is reported as a gap, as tshark marks it", noTshark, async () => {
  const frames = [
    tcp(true, 100, 0, 2), tcp(false, 500, 101, 18), tcp(true, 101, 501, 16),
    tcp(true, 101, 501, 24, "aaaa"), tcp(true, 109, 501, 24, "cccc"), // "bbbb" at 105 is not in the capture
    tcp(false, 501, 113, 16), // ...but the peer acknowledged it
    tcp(true, 113, 501, 24, "dd"),
  ];
  const file = join(dir, "gap.pcap");
  const bytes = pcap(frames);
  writeFileSync(file, bytes);
  const r = await run(bytes);
  assert.equal(r.gaps, [{ dir: 0, missing: 4 }]);
  const chunks = [];
  const hex = (s) => Buffer.from(s).toString("hex");
  for (const d of r.data) chunks.push(d);
  const withMarker = [chunks[0], { dir: 0, hex: hex("[4 bytes missing in capture file]\0") }, ...chunks.slice(1)];
  assert.fixture(followRaw("tcp", 0, "10.9.0.1:40000", "10.9.0.2:80", withMarker), tsharkFollow(file, "tcp", [0]).get("tcp0"));
});

testIf(test, "a SYN/ACK with a new ISN inside a stream (its SYN lost) re-bases that side, as tshark's follow does", noTshark, async () => {
  const frames = [
    tcp(true, 100, 0, 2), tcp(false, 500, 101, 18), tcp(true, 101, 501, 24, "GET 1"), tcp(false, 501, 106, 24, "reply one"),
    tcp(true, 106, 510, 20), // RST/ACK; the next connection's SYN is not in the capture
    tcp(false, 90000, 7001, 18), tcp(true, 7001, 90001, 24, "GET 2"), tcp(false, 90001, 7006, 24, "reply two"), tcp(true, 7006, 90010, 16),
    tcp(false, 80000, 7006, 24, "from a third place"), // and mid-stream data behind the base
  ];
  const file = join(dir, "rebase.pcap");
  const bytes = pcap(frames);
  writeFileSync(file, bytes);
  const r = await run(bytes);
  assert.is(r.flows.length, 1, "no client SYN: one stream, as tshark numbers it");
  assert.fixture(followRaw("tcp", 0, "10.9.0.1:40000", "10.9.0.2:80", r.follow), tsharkFollow(file, "tcp", [0]).get("tcp0"));
});

testIf(test, "ICMP errors quoting TCP/UDP packets number their flows as tshark does, without counting as packets", noTshark, async () => {
  const quote = (spec) => buildPacket(spec);
  const u4 = quote({ ipv4: { src: "10.9.0.1", dst: "10.9.0.2" }, udp: { sport: 5000, dport: 6000 }, payload: "dns?" });
  const t6 = quote({ ipv6: { src: "fd09::1", dst: "fd09::2" }, tcp: { sport: 5001, dport: 443, flags: 2 } });
  const frames = [
    buildPacket({ eth: {}, ipv4: { src: "10.9.0.2", dst: "10.9.0.1" }, icmp: { type: 3, code: 3 }, payload: u4 }), // only quoted: takes udp.stream 0
    buildPacket({ eth: {}, ipv4: { src: "10.9.0.1", dst: "10.9.0.2" }, udp: { sport: 5002, dport: 6000 }, payload: "x" }),
    buildPacket({ eth: {}, ipv6: { src: "fd09::2", dst: "fd09::1" }, icmpv6: { type: 1, code: 4 }, payload: t6 }), // tcp.stream 0
    buildPacket({ eth: {}, ipv6: { src: "fd09::1", dst: "fd09::3" }, tcp: { sport: 5003, dport: 443, flags: 2 } }),
    buildPacket({ eth: {}, ipv4: { src: "10.9.0.2", dst: "10.9.0.1" }, udp: { sport: 6000, dport: 5000 }, payload: "late reply" }), // a = its sender
    buildPacket({ eth: {}, ipv6: { src: "fd09::1", dst: "fd09::2" }, tcp: { sport: 5001, dport: 443, flags: 2 } }),
  ];
  const file = join(dir, "icmp-errors.pcap");
  const bytes = pcap(frames);
  writeFileSync(file, bytes);
  const view = (f) => `${f.proto}${f.stream} ${f.a} ${f.b} ${f.packets} ${f.bytes}`;
  const theirs = tsharkFlows(file).map(view);
  assert.equal((await flows(bytes)).flows.map((f) => view(flowJSON(f))), theirs);
  assert.equal((await reassemble(bytes, {})).flows.map((f) => view(flowJSON(f))), theirs);
  assert.equal(theirs, ["udp1 10.9.0.1:5002 10.9.0.2:6000 1,0 43,0", "tcp1 [fd09::1]:5003 [fd09::3]:443 1,0 74,0",
    "udp0 10.9.0.2:6000 10.9.0.1:5000 1,0 52,0", "tcp0 [fd09::1]:5001 [fd09::2]:443 1,0 74,0"], "the quoted flows hold streams 0; a is the first real packet's sender");
});

test("a flood of out-of-order segments stays under the per-direction caps; drops are counted", async () => {
  const frames = [tcp(true, 1000, 0, 2), tcp(false, 1, 1001, 18)];
  // The byte at 1001 never comes: every later 1-byte segment waits.
  for (let k = 0; k < 6000; k++) frames.push(tcp(true, 1002 + 2 * k, 2, 24, "x"));
  const r = await run(pcap(frames), { maxSegmentsPerDirection: 1000, maxBufferedPerDirection: 1 << 20 });
  assert.is(r.stats.streams.peak, 1000);
  assert.is(r.stats.streams.droppedSegments, 5000);
  assert.is(r.stats.streams.droppedBytes, 5000);
  assert.is(r.stats.streams.buffered, 0, "released at the end");
  assert.equal(r.data, []);
  const small = await run(pcap(frames), { maxBufferedTotal: 100 });
  assert.is(small.stats.streams.peak, 100);
  assert.is(small.stats.streams.droppedSegments, 5900);
});

test("flows beyond maxFlows are counted, not tracked", async () => {
  const frames = [];
  for (let k = 0; k < 50; k++) frames.push(tcp(true, k, 0, 2));
  const { segment } = udpSegment(false, 10);
  const r = await run(pcap([...frames, fragment(false, segment, 0, 18, 1, false)]), { maxFlows: 1 });
  assert.is(r.flows.length, 1);
  assert.is(r.stats.untracked, 50, "49 more SYNs (each a new stream of the same 5-tuple) and the UDP datagram");
});

test("more flows than the core's table holds: flows() falls back to the TypeScript engine and loses none", async () => {
  const frames = [];
  for (let k = 0; k < 33000; k++) {
    frames.push(buildPacket({ eth: {}, ipv4: { src: `10.${k >> 14}.${(k >> 7) & 127}.${k & 127}`, dst: "10.200.0.1" }, udp: { sport: 1000 + (k % 60000), dport: 53 }, payload: "q" }));
  }
  const bytes = pcap(frames);
  const r = await flows(bytes);
  assert.is(r.flows.length, 33000);
  assert.equal(r.flows.map((f) => f.stream).slice(-2), [32998, 32999]);
  const small = await flows(pcap(frames.slice(0, 3000)));
  assert.is(small.flows.length, 3000);
  assert.equal(small.flows.map((f) => flowJSON(f)), r.flows.slice(0, 3000).map((f) => flowJSON(f)), "the core's table and the TypeScript engine agree");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
