// IPv6 jumbograms (RFC 2675) and big sums: the TCP/UDP/ICMPv6 checksum uses
// the 32-bit upper-layer length (RFC 8200 §8.1), and the SIMD and scalar
// builds agree with a plain-JS RFC 1071 reference at every size up to the
// 8 MiB record limit. Frames are written by hand here, not by the builder.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { dissect } from "../../dist/core/mod.js";
import { refInetSum, rng } from "../_reference.mjs";

async function load(name) {
  const { instance } = await WebAssembly.instantiate(readFileSync(new URL(`../../build/${name}`, import.meta.url)), {});
  return instance.exports;
}
const builds = { simd: await load("core.simd.wasm"), scalar: await load("core.scalar.wasm") };

const SRC = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DST = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/** An IPv6 jumbogram (raw IP) carrying `l4` (protocol `proto`) with a right checksum at `csumAt`; `bad` flips it. */
function jumbogram(proto, l4, csumAt, bad = false) {
  const hbh = [proto, 0, 0xc2, 4, 0, 0, 0, 0]; // Jumbo Payload option, length filled below
  const jumboLen = hbh.length + l4.length;
  const f = new Uint8Array(40 + jumboLen);
  const dv = new DataView(f.buffer);
  f.set([0x60, 0, 0, 0, 0, 0, 0 /* next header: hop-by-hop */, 64], 0); // payload length 0
  f.set(SRC, 8); f.set(DST, 24);
  f.set(hbh, 40); dv.setUint32(44, jumboLen);
  f.set(l4, 48);
  const seg = f.subarray(48);
  seg[csumAt] = 0; seg[csumAt + 1] = 0;
  const n = seg.length;
  // pseudo-header: src, dst, 32-bit length, three zeros and the next header
  const pseudo = refInetSum(Uint8Array.from([...SRC, ...DST, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, 0, 0, 0, proto]));
  let c = ~refInetSum(seg, pseudo) & 0xffff;
  if (proto === 17 && c === 0) c = 0xffff;
  if (bad) c ^= 0x0100;
  new DataView(seg.buffer, seg.byteOffset).setUint16(csumAt, c);
  return f;
}

function tcpSegment(n, rand) {
  const s = new Uint8Array(n);
  for (let i = 20; i < n; i++) s[i] = (rand() * 256) | 0;
  if (rand() < 0.5) s.fill(0xff, 20, n >> 1); // long runs of 0xffff words fill SIMD lanes fastest
  s.set([0x9c, 0x40, 0x01, 0xbb, 0x80, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x10, 0xff, 0xff]);
  return s;
}

/** Dissects `frame` (raw IP, linktype 101) with a raw build of the core; returns the L4 checksum status bits. */
function rawCsum(x, frame) {
  const mem = new Uint8Array(x.memory.buffer);
  mem.set(frame, x.dissect_frames_ptr());
  const stride = x.dissect_column_stride(), t = x.dissect_table_ptr();
  const col = (k) => new Uint32Array(x.memory.buffer, t + k * stride, 1);
  col(0)[0] = 0; col(1)[0] = frame.length; col(2)[0] = frame.length; col(3)[0] = 101;
  x.dissect_batch(1);
  return (col(8)[0] >> 2) & 3; // C_CSUM bits 2-3: 1 good, 2 bad
}

const rand = rng(2675);
const sizes = [65536, 70000, 1 << 20, (2 << 20) + 4, (3 << 20) + 1000, (8 << 20) - 48 - 8];

test("TCP, UDP and ICMPv6 jumbograms: good checksums verify, bad ones are bad (SIMD core, scalar and SIMD raw builds)", () => {
  for (const n of sizes) {
    const tcp = tcpSegment(n, rand);
    for (const bad of [false, true]) {
      const f = jumbogram(6, tcp, 16, bad);
      const j = dissect(f, 101);
      assert.is(j.ipv6?.next, 6, `n=${n}`);
      assert.is(j.tcp?.checksumOk, !bad, `tcp n=${n} bad=${bad} ${j.errors}`);
      assert.is(j.payloadLen, n - 20);
      for (const [name, x] of Object.entries(builds)) assert.is(rawCsum(x, f), bad ? 2 : 1, `${name} tcp n=${n} bad=${bad}`);
    }
  }
  const udp = new Uint8Array(100000);
  for (let i = 8; i < udp.length; i++) udp[i] = (rand() * 256) | 0;
  udp.set([0x13, 0x88, 0x00, 0x35, 0, 0]); // length 0: a UDP jumbogram (RFC 2675 §4)
  const ju = dissect(jumbogram(17, udp, 6), 101);
  assert.is(ju.udp?.checksumOk, true, String(ju.errors));
  assert.is(ju.udp?.len, udp.length);
  const icmp = new Uint8Array(90000);
  icmp.set([128, 0, 0, 0, 0x12, 0x34, 0, 7]);
  const ji = dissect(jumbogram(58, icmp, 2), 101);
  assert.is(ji.icmpv6?.checksumOk, true, String(ji.errors));
  assert.is(dissect(jumbogram(58, icmp, 2, true), 101).icmpv6?.checksumOk, false);
});

test("inet_sum of both builds equals the RFC 1071 reference at sizes up to 8 MiB", () => {
  const sizes = [0, 1, 31, 32, 63, 64, 65535, 65536 + 33, (1 << 20) - 1, 1 << 20, (1 << 20) + 64, (2 << 20) + 7, (4 << 20) + 31, 8 << 20];
  for (const n of sizes) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i += 1 + ((rand() * 7) | 0)) data[i] = (rand() * 256) | 0;
    if (n > 100) data.fill(0xff, 0, (n * 0.9) | 0);
    const want = refInetSum(data);
    for (const [name, x] of Object.entries(builds)) {
      new Uint8Array(x.memory.buffer).set(data, x.dissect_frames_ptr()); // the frames arena holds 8 MiB
      assert.is(x.inet_sum(x.dissect_frames_ptr(), n, 0), want, `${name} inet_sum n=${n}`);
    }
  }
});

test.run();
