// Exercises sockfam/core in whatever context imports it (main thread, a Web
// Worker, a worker_threads Worker, a browser page) and returns plain JSON, so
// the results from every context can be compared with the main thread's and
// with independent references. Plain JS only: no node:*, no Deno, no fetch.
// probe(): checksums, framing, building, dissection, pcap in memory;
// probeStreams(): the same through WHATWG streams (framing and capture streams).

import { concat, randomBytes, refEncode, rng } from "../_reference.mjs";

/** Buffer sizes around the WASM core's block and arena edges. */
export const SIZES = [0, 1, 7, 63, 64, 1500, 65535, 65537, 300_000];

/** The buffers every context checksums. */
export function buffers() {
  const rand = rng(0x5eed);
  return SIZES.map((n) => randomBytes(n, rand));
}

/** Payloads every context frames: empty, small, past 255 bytes (u8 gets only those that fit), all below 65536 (u16). */
export function payloads() {
  const rand = rng(77);
  return [0, 1, 5, 200, 1000, 60_000].map((n) => randomBytes(n, rand));
}

/** Formats framed by hand (test/_reference.mjs), so decodeFrames is checked against independent wire bytes. */
export const FORMATS = ["u8", "u16be", "u32le", "varint"];

const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Packet descriptions whose dissection every context reports. */
export const SPECS = [
  {
    eth: { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02", vlans: [42] },
    ipv4: { src: "10.1.2.3", dst: "192.168.7.9", ttl: 61, id: 4242, df: true },
    udp: { sport: 5353, dport: 53 },
    payload: "hello from a worker",
  },
  {
    eth: { src: "02:00:00:00:00:03", dst: "02:00:00:00:00:04" },
    ipv6: { src: "2001:db8::1", dst: "fe80::abcd", hopLimit: 9 },
    tcp: { sport: 40000, dport: 443, seq: 123456789, flags: 2, window: 64240, options: { mss: 1460, wscale: 7, sackPerm: true } },
  },
  { ipv4: { src: "127.0.0.1", dst: "127.0.0.2" }, icmp: { id: 7, seq: 3 }, payload: "ping" },
];

/** Runs sockfam/core (`core` is the imported module namespace) and returns JSON-safe results. */
export function probe(core) {
  const bufs = buffers();
  const checksums = bufs.map((b) => ({
    len: b.length,
    crc32: core.crc32(b),
    crc32c: core.crc32c(b),
    inet: core.inetChecksum(b),
  }));
  const ps = payloads();
  const framing = {};
  for (const format of FORMATS) {
    const parts = format === "u8" ? ps.filter((p) => p.length <= 255) : ps;
    const frames = core.decodeFrames(refEncode(format, parts), { format });
    framing[format] = {
      count: frames.length,
      same: frames.length === parts.length && frames.every((f, i) => equalBytes(f, parts[i])),
      crc32: frames.map((f) => core.crc32(f)),
      encodedSame: equalBytes(core.encodeFrames(parts, { format }), refEncode(format, parts)),
    };
  }
  let truncated = null;
  try {
    core.decodeFrames(Uint8Array.from([0, 5, 1, 2]), { format: "u16be" });
  } catch (e) {
    truncated = { name: e.name, code: e.code, isFrameError: e instanceof core.FrameError };
  }
  const frames = SPECS.map((s) => core.buildPacket(s));
  const dissected = frames.map((f, i) => core.dissect(f, SPECS[i].eth ? 1 : 101));
  const capture = core.dissectCapture(core.writePcap(frames.slice(0, 2).map((data) => ({ data }))));
  return {
    simd: core.wasmSimd,
    checksums,
    framing,
    truncated,
    frames: frames.map((f) => Array.from(f)),
    dissected,
    capture: { packets: capture.packets, bytes: capture.bytes },
  };
}

/** A ReadableStream of `bytes` cut into chunks of `size` (crossing frame and record boundaries). */
function chunked(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** Runs the WHATWG-streams parts of sockfam/core: framing streams, capture streams. JSON-safe. */
export async function probeStreams(core) {
  const ps = payloads();
  const wire = refEncode("varint", ps);
  const frames = [];
  for await (const f of chunked(wire, 997).pipeThrough(new core.FrameDecoderStream({ format: "varint", copy: true }))) frames.push(f);
  const encoded = [];
  const source = new ReadableStream({ start(c) { for (const p of ps) c.enqueue(p); c.close(); } });
  for await (const chunk of source.pipeThrough(new core.FrameEncoderStream({ format: "varint" }))) encoded.push(chunk);
  const pcap = core.writePcapng(SPECS.map((s) => ({ data: core.buildPacket(s), interfaceId: s.eth ? 0 : 1 })), {
    interfaces: [{ linktype: 1 }, { linktype: 101 }],
  });
  const records = [];
  for await (const rec of core.readCaptureStream(chunked(pcap, 50))) records.push({ linktype: rec.linktype, len: rec.data.length, crc32: core.crc32(rec.data) });
  const summary = await core.dissectStream(chunked(pcap, 64));
  return {
    decoded: { same: frames.length === ps.length && frames.every((f, i) => equalBytes(f, ps[i])), crc32: frames.map((f) => core.crc32(f)) },
    encodedSame: equalBytes(concat(encoded), wire),
    records,
    dissectStream: { packets: summary.packets, bytes: summary.bytes },
  };
}
