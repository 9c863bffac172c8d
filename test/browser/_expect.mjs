// Checks a probe() result (test/browser/_probe.mjs) against references that do
// not use sockfam: bitwise CRCs and RFC 1071 sums, hand-framed wire bytes, the
// packet descriptions the frames were built from.
import * as assert from "uvu/assert";
import { refCrc32, refCrc32c, refEncode, refInetChecksum } from "../_reference.mjs";
import { SIZES, SPECS, buffers, payloads } from "./_probe.mjs";

/** Asserts that `r` (from any context) agrees with the independent references. */
export function expectProbe(r, where) {
  const bufs = buffers();
  assert.equal(r.checksums.map((c) => c.len), SIZES, `${where}: buffer sizes`);
  r.checksums.forEach((c, i) => {
    assert.is(c.crc32, refCrc32(bufs[i]), `${where}: crc32 of ${c.len} bytes`);
    assert.is(c.crc32c, refCrc32c(bufs[i]), `${where}: crc32c of ${c.len} bytes`);
    assert.is(c.inet, refInetChecksum(bufs[i]), `${where}: inetChecksum of ${c.len} bytes`);
  });
  for (const [format, f] of Object.entries(r.framing)) {
    assert.ok(f.same, `${where}: decodeFrames(${format}) returned the payloads`);
    assert.ok(f.encodedSame, `${where}: encodeFrames(${format}) equals the hand-framed bytes`);
    assert.ok(f.count >= 4, `${where}: ${format} frame count ${f.count}`);
  }
  assert.equal(r.truncated, { name: "FrameError", code: "TRUNCATED", isFrameError: true }, `${where}: truncated stream error`);
  assert.is(r.dissected.length, SPECS.length);
  r.dissected.forEach((d, i) => {
    const s = SPECS[i];
    assert.is(d.len, r.frames[i].length, `${where}: frame ${i} length`);
    assert.equal(d.errors, [], `${where}: frame ${i} errors`);
    if (s.eth) {
      assert.is(d.eth.src, s.eth.src);
      assert.is(d.eth.dst, s.eth.dst);
      assert.equal(d.eth.vlans.map((v) => (typeof v === "number" ? v : v.id)), s.eth.vlans ?? []);
    } else assert.is(d.eth, undefined, `${where}: raw IP frame has no eth`);
    for (const l3 of ["ipv4", "ipv6"]) {
      if (!s[l3]) continue;
      assert.is(d[l3].src, s[l3].src, `${where}: ${l3}.src`);
      assert.is(d[l3].dst, s[l3].dst, `${where}: ${l3}.dst`);
    }
    if (s.ipv4) {
      assert.is(d.ipv4.ttl, s.ipv4.ttl ?? 64);
      assert.is(d.ipv4.checksumOk, true, `${where}: ipv4 checksum`);
      if (s.ipv4.id !== undefined) assert.is(d.ipv4.id, s.ipv4.id);
      if (s.ipv4.df) assert.is(d.ipv4.df, true);
    }
    if (s.ipv6) assert.is(d.ipv6.hopLimit, s.ipv6.hopLimit);
    for (const l4 of ["udp", "tcp"]) {
      if (!s[l4]) continue;
      assert.is(d[l4].sport, s[l4].sport, `${where}: ${l4}.sport`);
      assert.is(d[l4].dport, s[l4].dport, `${where}: ${l4}.dport`);
      assert.is(d[l4].checksumOk, true, `${where}: ${l4} checksum`);
    }
    if (s.tcp) {
      assert.is(d.tcp.seq, s.tcp.seq);
      assert.is(d.tcp.flags, s.tcp.flags);
      assert.is(d.tcp.window, s.tcp.window);
      assert.is(d.tcp.options.mss, s.tcp.options.mss);
      assert.is(d.tcp.options.wscale, s.tcp.options.wscale);
    }
    if (s.icmp) {
      assert.is(d.icmp.id, s.icmp.id);
      assert.is(d.icmp.seq, s.icmp.seq);
      assert.is(d.icmp.checksumOk, true, `${where}: icmp checksum`);
    }
    if (s.payload) assert.is(d.payloadLen, new TextEncoder().encode(s.payload).length, `${where}: frame ${i} payload length`);
  });
  assert.equal(r.capture, { packets: 2, bytes: r.frames[0].length + r.frames[1].length }, `${where}: dissectCapture summary`);
}

/** Asserts that a probeStreams() result `s` agrees with the references; `frames` are the built SPECS frames (arrays of bytes). */
export function expectStreams(s, frames, where) {
  const ps = payloads();
  assert.ok(s.decoded.same, `${where}: FrameDecoderStream returned the payloads`);
  assert.equal(s.decoded.crc32, ps.map((p) => refCrc32(p)), `${where}: decoded frames' crc32`);
  assert.ok(s.encodedSame, `${where}: FrameEncoderStream output equals the hand-framed bytes`);
  assert.ok(refEncode("varint", ps).length > 60_000, "the stream test spans many chunks");
  assert.equal(s.records, SPECS.map((spec, i) => ({
    linktype: spec.eth ? 1 : 101, len: frames[i].length, crc32: refCrc32(Uint8Array.from(frames[i])),
  })), `${where}: readCaptureStream records`);
  assert.equal(s.dissectStream, { packets: SPECS.length, bytes: frames.reduce((a, f) => a + f.length, 0) }, `${where}: dissectStream summary`);
}
