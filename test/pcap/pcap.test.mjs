// pcap/pcapng readers and writers: byte orders, timestamp resolutions,
// several interfaces, unknown blocks, streaming in odd chunk sizes, and bad or
// truncated files raising FrameError with the offset (never a hang).
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  CaptureParser, FrameError, dissectCapture, readCapture, readCaptureFile, readCaptureStream, writePcap, writePcapng, pcapngHeader, pcapngRecord,
} from "../../dist/core/mod.js";

const recs = Array.from({ length: 5 }, (_, i) => ({ data: Uint8Array.from({ length: 20 + i }, (_, k) => k + i), tsSec: 100 + i, tsNsec: 5000 * i, origLength: 100 + i }));

function swapPcap(le) {
  // Rewrites a little-endian pcap file as big-endian, field by field.
  const out = le.slice();
  const dv = new DataView(out.buffer), src = new DataView(le.buffer, le.byteOffset);
  const sw32 = (o) => dv.setUint32(o, src.getUint32(o, true), false);
  const sw16 = (o) => dv.setUint16(o, src.getUint16(o, true), false);
  sw32(0); sw16(4); sw16(6); sw32(8); sw32(12); sw32(16); sw32(20);
  for (let o = 24; o < out.length;) { const cap = src.getUint32(o + 8, true); sw32(o); sw32(o + 4); sw32(o + 8); sw32(o + 12); o += 16 + cap; }
  return out;
}

function expectError(fn, code, offset) {
  try { fn(); } catch (e) {
    assert.instance(e, FrameError);
    assert.is(e.code, code, e.message);
    if (offset !== undefined) assert.is(e.offset, offset, e.message);
    return e;
  }
  assert.unreachable(`expected FrameError ${code}`);
}

test("pcap little- and big-endian, µs and ns, read back the same records", () => {
  for (const nanosecond of [false, true]) {
    const le = writePcap(recs, { nanosecond, linktype: 101, snaplen: 1000 });
    for (const file of [le, swapPcap(le)]) {
      const cap = readCapture(file);
      const got = [...cap];
      assert.is(cap.info.format, "pcap");
      assert.is(cap.info.nanosecond, nanosecond);
      assert.is(cap.info.interfaces[0].linktype, 101);
      assert.is(got.length, recs.length);
      got.forEach((r, i) => {
        assert.equal([...r.data], [...recs[i].data]);
        assert.equal([r.tsSec, r.tsNsec, r.origLength, r.linktype], [recs[i].tsSec, recs[i].tsNsec, recs[i].origLength, 101]);
      });
      assert.is(dissectCapture(file).packets, recs.length, "WASM index handles this byte order");
    }
  }
});

test("pcapng: several interfaces, if_tsresol 2^-n and 10^-n, unknown blocks skipped, simple packet block", () => {
  const head = pcapngHeader({ interfaces: [{ linktype: 1, tsresol: 6 }, { linktype: 101, name: "tun0" }] });
  // An interface with if_tsresol = 2^-10 (0x8a), written by hand.
  const idb = new Uint8Array(28), d = new DataView(idb.buffer);
  d.setUint32(0, 1, true); d.setUint32(4, 28, true); d.setUint16(8, 113, true);
  d.setUint16(16, 9, true); d.setUint16(18, 1, true); idb[20] = 0x8a; d.setUint32(24, 28, true);
  const unknown = new Uint8Array(16), u = new DataView(unknown.buffer);
  u.setUint32(0, 0x0bad, true); u.setUint32(4, 16, true); u.setUint32(12, 16, true);
  const epb2 = pcapngRecord({ data: new Uint8Array([1, 2, 3]), interfaceId: 2 }, 9);
  new DataView(epb2.buffer).setUint32(16, 1024 * 7 + 512, true); // 7.5 s in 2^-10 units
  const spb = new Uint8Array(20), s = new DataView(spb.buffer);
  s.setUint32(0, 3, true); s.setUint32(4, 20, true); s.setUint32(8, 4, true); spb.set([9, 9, 9, 9], 12); s.setUint32(16, 20, true);
  const file = concat([head, idb, pcapngRecord({ data: new Uint8Array(5), tsSec: 3, tsNsec: 4000, interfaceId: 0 }, 6), unknown,
    pcapngRecord({ data: new Uint8Array(7), tsSec: 1, tsNsec: 999999999, interfaceId: 1 }), epb2, spb]);
  const cap = readCapture(file);
  const got = [...cap];
  assert.equal(got.map((r) => [r.linktype, r.interfaceId, r.data.length, r.tsSec, r.tsNsec]), [
    [1, 0, 5, 3, 4000], [101, 1, 7, 1, 999999999], [113, 2, 3, 7, 500000000], [1, 0, 4, 0, 0],
  ]);
  assert.is(cap.info.interfaces[1].name, "tun0");
});

test("streaming: any chunking gives the same records as one buffer", async () => {
  for (const file of [writePcap(recs), writePcapng(recs)]) {
    const want = [...readCapture(file)].map((r) => [...r.data].join());
    for (const size of [1, 3, 16, 1000]) {
      const chunks = [];
      for (let o = 0; o < file.length; o += size) chunks.push(file.slice(o, o + size));
      const got = [];
      for await (const r of readCaptureStream(chunks)) got.push([...r.data].join());
      assert.equal(got, want, `chunk size ${size}`);
    }
  }
});

test("bad magic, truncated header, cut record, oversized caplen: FrameError with the offset", () => {
  const file = writePcap(recs);
  expectError(() => readCapture(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), "BAD_MAGIC", 0);
  expectError(() => readCapture(file.subarray(0, 10)), "TRUNCATED", 0);
  const cut = file.subarray(0, file.length - 3);
  const lastRecord = file.length - (16 + recs[4].data.length);
  expectError(() => [...readCapture(cut)], "TRUNCATED", lastRecord);
  expectError(() => dissectCapture(cut), "TRUNCATED", lastRecord);
  const huge = file.slice();
  new DataView(huge.buffer).setUint32(24 + 8, 0x7fffffff, true);
  expectError(() => [...readCapture(huge)], "BAD_RECORD", 24);
  expectError(() => dissectCapture(huge), "BAD_RECORD", 24);
  expectError(() => dissectCapture(file.subarray(0, 20)), "TRUNCATED");
});

test("pcapng: bad block length, mismatched trailer, unknown interface, cut block", () => {
  const ng = writePcapng(recs);
  const shbLen = 28, idbLen = new DataView(ng.buffer).getUint32(shbLen + 4, true);
  const firstEpb = shbLen + idbLen;
  const badLen = ng.slice(); new DataView(badLen.buffer).setUint32(firstEpb + 4, 13, true);
  expectError(() => [...readCapture(badLen)], "BAD_BLOCK", firstEpb);
  const badTrailer = ng.slice(); badTrailer[firstEpb + 32 + 20 - 4] ^= 0xff;
  expectError(() => [...readCapture(badTrailer)], "BAD_BLOCK", firstEpb);
  const badIface = ng.slice(); new DataView(badIface.buffer).setUint32(firstEpb + 8, 9, true);
  expectError(() => [...readCapture(badIface)], "BAD_INTERFACE", firstEpb);
  expectError(() => [...readCapture(ng.subarray(0, ng.length - 5))], "TRUNCATED");
  expectError(() => dissectCapture(ng.subarray(0, ng.length - 5)), "TRUNCATED");
});

test("pcapng simple packet block: its data is the original length (cut to the snaplen), never the padding; one that cannot hold it is BAD_BLOCK", () => {
  const spb = (orig, body) => {
    const b = new Uint8Array(16 + body.length), v = new DataView(b.buffer);
    v.setUint32(0, 3, true); v.setUint32(4, b.length, true); v.setUint32(8, orig, true); b.set(body, 12); v.setUint32(b.length - 4, b.length, true);
    return b;
  };
  const head = pcapngHeader({ interfaces: [{ linktype: 1 }] });
  const padded = concat([head, spb(5, [1, 2, 3, 4, 5, 0, 0, 0])]);
  assert.equal([...readCapture(padded)].map((r) => [...r.data]), [[1, 2, 3, 4, 5]], "5 bytes, not the 8 with padding");
  const cut = pcapngHeader({ interfaces: [{ linktype: 1, snaplen: 4 }] });
  assert.equal([...readCapture(concat([cut, spb(60, [1, 2, 3, 4])]))].map((r) => [r.data.length, r.origLength]), [[4, 60]], "the snaplen cuts it");
  // As tshark: "total block length ... of an SPB is too small" — after the records before it.
  const bad = concat([head, pcapngRecord({ data: new Uint8Array(3) }), spb(56, new Uint8Array(48))]);
  const got = [];
  const e = expectError(() => { for (const r of readCapture(bad)) got.push(r); }, "BAD_BLOCK", head.length + 32 + 4);
  assert.is(got.length, 1, "the record before it first");
  assert.match(e.message, /simple packet block/);
});

test("a stream that ends mid-record rejects with FrameError instead of hanging", async () => {
  const file = writePcap(recs).subarray(0, 50);
  const stream = new ReadableStream({ start(c) { c.enqueue(file); c.close(); } });
  try {
    for await (const _ of readCaptureStream(stream)) { /* drain */ }
    assert.unreachable("should throw");
  } catch (e) {
    assert.instance(e, FrameError);
    assert.is(e.code, "TRUNCATED");
    assert.is(e.offset, 24);
  }
  const p = new CaptureParser();
  assert.equal([...p.feed(new Uint8Array(0))], []);
  try { p.finish(); assert.unreachable("empty input"); } catch (e) { assert.is(e.code, "TRUNCATED"); }
});

test("readCaptureFile reads through an injected opener (node:fs here)", async () => {
  const { mkdtempSync, writeFileSync, rmSync, createReadStream } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "sockfam-pcapfile-"));
  try {
    const file = join(dir, "x.pcapng");
    writeFileSync(file, writePcapng(recs));
    const got = [];
    for await (const r of readCaptureFile(file, (p) => createReadStream(p, { highWaterMark: 7 }))) got.push(r.data.length);
    assert.equal(got, recs.map((r) => r.data.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function concat(parts) {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

test.run();
