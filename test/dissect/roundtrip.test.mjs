// Build packets -> write pcap/pcapng -> read back -> dissect -> compare every
// field with what was built. Also: the batch, single-frame, whole-capture and
// stream paths agree, and the live table's columns match the Packet views.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  buildPacket, dissect, dissectBatch, dissectCapture, dissectRecords, dissectStream, formatIPv6, mixedFrames,
  readCapture, writePcap, writePcapng,
} from "../../dist/core/mod.js";

const specs = [];
for (let i = 0; i < 40; i++) {
  const v6 = i % 3 === 0;
  const ip = v6
    ? { ipv6: { src: `2001:db8::${i + 1}`, dst: `fe80::${(i * 37 + 1).toString(16)}:1`, hopLimit: 10 + i } }
    : { ipv4: { src: `10.0.${i}.1`, dst: `192.168.${i}.2`, ttl: 20 + i, id: 1000 + i, df: i % 2 === 0 } };
  const l4 = i % 4 === 0 ? { tcp: { sport: 1000 + i, dport: 80, seq: i * 1_000_003, ack: 4_000_000_000 - i, flags: 0x12, window: 100 * i, options: { mss: 1400 + i, wscale: i % 15, sackPerm: true, tsval: i, tsecr: 2 * i } } }
    : i % 4 === 1 ? { udp: { sport: 2000 + i, dport: 53 } }
    : i % 4 === 2 ? (v6 ? { icmpv6: { id: i, seq: 3 * i } } : { icmp: { id: i, seq: 3 * i } })
    : { tcp: { sport: 5, dport: 6, flags: 0x18, options: { sack: [[i, i + 10]] } } };
  specs.push({ eth: { src: `02:00:00:00:00:${(i + 16).toString(16)}`, dst: "0a:bb:cc:dd:ee:ff", vlans: i % 5 === 0 ? [i + 1] : [] }, ...ip, ...l4, payload: new Uint8Array(i * 13) });
}
const frames = specs.map((s) => buildPacket(s));
const records = frames.map((data, i) => ({ data, tsSec: 1700000000 + i, tsNsec: 123456789 - i * 1000 }));

function check(j, s, i) {
  const at = `packet ${i}`;
  assert.is(j.eth.src, s.eth.src.replace(/:([0-9a-f]):/g, ":0$1:"), at);
  assert.is(j.eth.dst, s.eth.dst, at);
  assert.equal(j.eth.vlans, s.eth.vlans, at);
  if (s.ipv4) {
    assert.equal(
      [j.ipv4.src, j.ipv4.dst, j.ipv4.ttl, j.ipv4.id, j.ipv4.df, j.ipv4.mf, j.ipv4.fragOffset, j.ipv4.checksumOk],
      [s.ipv4.src, s.ipv4.dst, s.ipv4.ttl, s.ipv4.id, s.ipv4.df, false, 0, true], at);
  } else {
    assert.is(j.ipv6.src, s.ipv6.src, at);
    assert.is(j.ipv6.dst, s.ipv6.dst, at);
    assert.is(j.ipv6.hopLimit, s.ipv6.hopLimit, at);
  }
  if (s.tcp) {
    const t = j.tcp, o = s.tcp.options;
    assert.equal([t.sport, t.dport, t.flags, t.checksumOk], [s.tcp.sport, s.tcp.dport, s.tcp.flags, true], at);
    if (s.tcp.seq !== undefined) assert.equal([t.seq, t.ack, t.window], [s.tcp.seq, s.tcp.ack, s.tcp.window], at);
    for (const k of ["mss", "wscale", "sackPerm", "tsval", "tsecr", "sack"]) assert.equal(t.options[k], o[k], `${at} ${k}`);
  }
  if (s.udp) assert.equal([j.udp.sport, j.udp.dport, j.udp.len, j.udp.checksumOk], [s.udp.sport, s.udp.dport, 8 + s.payload.length, true], at);
  const m = s.icmp ?? s.icmpv6;
  if (m) {
    const jm = j.icmp ?? j.icmpv6;
    assert.equal([jm.type, jm.id, jm.seq, jm.checksumOk], [s.icmp ? 8 : 128, m.id, m.seq, true], at);
  }
  assert.is(j.payloadLen, s.payload.length, at);
  assert.equal(j.errors, [], at);
}

test("pcap µs: build -> write -> read -> dissect gives back every field", () => {
  const t = dissectBatch([...readCapture(writePcap(records))]);
  assert.is(t.length, specs.length);
  t.toJSON().forEach((j, i) => {
    check(j, specs[i], i);
    assert.is(j.ts, `${1700000000 + i}.${String(Math.floor((123456789 - i * 1000) / 1000) * 1000).padStart(9, "0")}`);
  });
});

test("pcap ns and pcapng (µs and ns interfaces): timestamps and fields survive", () => {
  const ns = dissectBatch([...readCapture(writePcap(records, { nanosecond: true }))]).toJSON();
  ns.forEach((j, i) => { check(j, specs[i], i); assert.is(j.ts, `${1700000000 + i}.${String(123456789 - i * 1000).padStart(9, "0")}`); });
  const ng = writePcapng(records.map((r, i) => ({ ...r, interfaceId: i % 2 })), { interfaces: [{ tsresol: 9 }, { tsresol: 6 }] });
  const recs = [...readCapture(ng)];
  recs.forEach((r, i) => assert.is(r.tsNsec, i % 2 ? Math.floor(records[i].tsNsec / 1000) * 1000 : records[i].tsNsec));
  dissectBatch(recs).toJSON().forEach((j, i) => check(j, specs[i], i));
});

test("whole-capture (WASM-indexed pcap), pcapng, record and stream paths agree with dissectBatch", async () => {
  const many = mixedFrames(3000, 9).map((data, i) => ({ data, tsSec: i, tsNsec: 0 }));
  const want = dissectBatch(many).toJSON().map((j) => JSON.stringify(j));
  const collect = () => { const out = []; return [out, (t) => { for (const p of t) out.push(JSON.stringify(p.toJSON())); }]; };
  const [a, va] = collect();
  assert.is(dissectCapture(writePcap(many), va).packets, many.length);
  assert.equal(a, want);
  const [b, vb] = collect();
  assert.is(dissectCapture(writePcapng(many), vb).format, "pcapng");
  assert.equal(b, want);
  const [c, vc] = collect();
  await dissectRecords(readCapture(writePcap(many)), vc);
  assert.equal(c, want);
  const bytes = writePcapng(many);
  const stream = new ReadableStream({ start(ctl) { for (let o = 0; o < bytes.length; o += 777) ctl.enqueue(bytes.subarray(o, o + 777)); ctl.close(); } });
  const [d, vd] = collect();
  await dissectStream(stream, vd);
  assert.equal(d, want);
});

test("dissect() of one frame equals the batch row; Packet getters agree with JSON", () => {
  const t = dissectBatch(frames);
  frames.forEach((f, i) => {
    const p = t.packet(i);
    assert.equal(dissect(f), p.toJSON());
    if (p.hasIpv6) assert.is(p.ipSrc, formatIPv6(f, p.l3Offset + 8));
    assert.is(p.payload.length, specs[i].payload.length);
  });
  assert.is(t.column("PORTS").length, frames.length);
});

test("a capture larger than the core's arena is dissected in chunks", () => {
  const big = mixedFrames(500, 5);
  const recs = Array.from({ length: 40000 }, (_, i) => ({ data: big[i % big.length] }));
  const bytes = writePcap(recs);
  assert.ok(bytes.length > 8 << 20, "more than one 8 MiB chunk");
  let n = 0, bad = 0;
  const s = dissectCapture(bytes, (t) => { for (const p of t) { n++; if (p.errorBits || p.l4Checksum === 2) bad++; } });
  assert.is(s.packets, recs.length);
  assert.is(n, recs.length);
  assert.is(bad, 0);
});

test("RFC 5952 IPv6 text", () => {
  const cases = [["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], ["::", "::"], ["::1", "::1"],
    ["1::", "1::"], ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], ["fe80::ABCD:0:0:1", "fe80::abcd:0:0:1"], ["::ffff:1.2.3.4", "::ffff:1.2.3.4"]];
  for (const [input, want] of cases) {
    const f = buildPacket({ ipv6: { src: input, dst: "::1" }, udp: { sport: 1, dport: 2 } });
    assert.is(dissect(f, 101).ipv6.src, want, input);
  }
});

test.run();
