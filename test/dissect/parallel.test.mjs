// Parallel dissection (DissectPool): the batches reach `visit` in file order
// and equal what one thread gives, packet by packet (every field of toJSON and
// the frame bytes), for both byte orders, µs and ns pcaps, input in shared and
// in ordinary memory; a capture cut short or corrupt gives the same visits,
// then the same FrameError; split points that land in a payload full of fake
// record headers (a pcap inside the packets) are caught and the run finishes
// on one thread with the same result. Both runtimes (Node: worker_threads via
// the adapter; Deno: Web Workers).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { adapter } from "../_harness.mjs";
import { fakeRecordPackets } from "./_frames.mjs";

const { DissectPool, FrameError, crc32, dissectCapture, mixedCapture, writePcap, writePcapng, buildPacket } = await adapter();

/** Every packet of every batch (all fields, the frame's CRC, the timestamp), checking `first`. */
function collector(rows) {
  return (t, first) => {
    assert.is(first, rows.length, "batches arrive in file order");
    for (const p of t) rows.push(JSON.stringify([p.toJSON(), crc32(t.source.frame(p.index)), t.source.ts(p.index)]));
  };
}

function sequential(bytes, options = {}) {
  const rows = [];
  let error = null, summary = null;
  try { summary = dissectCapture(bytes, collector(rows), options); } catch (e) { error = e; }
  return { rows, error, summary };
}

/** The same walk with a pool (or any async dissection `run(visit)`); every table's frames are read back too. */
async function parallel(pool, bytes, parts, filter) {
  return collect((visit) => pool.dissect(bytes, visit, { ...(parts ? { parts } : {}), ...(filter ? { filter } : {}) }));
}

async function collect(run) {
  const rows = [];
  let error = null, summary = null;
  try { summary = await run(collector(rows)); } catch (e) { error = e; }
  return { rows, error, summary };
}

/** Without a visitor (the workers send back counts, no tables): the same summary or error. */
async function bare(pool, bytes, parts, filter, want, what) {
  let summary = null, error = null;
  try { summary = await pool.dissect(bytes, undefined, { parts, ...(filter ? { filter } : {}) }); } catch (e) { error = e; }
  assert.is(error?.code, want.error?.code, `${what} without a visitor: error code`);
  assert.is(error?.offset, want.error?.offset, `${what} without a visitor: error offset`);
  if (want.summary) assert.equal(summary, want.summary, `${what} without a visitor: summary`);
}

function same(a, b, what) {
  assert.is(b.rows.length, a.rows.length, `${what}: packet count`);
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i] !== b.rows[i]) assert.is(b.rows[i], a.rows[i], `${what}: packet ${i}`);
  assert.is(b.error?.code, a.error?.code, `${what}: error code`);
  assert.is(b.error?.offset, a.error?.offset, `${what}: error offset`);
  if (a.summary) assert.equal(b.summary, a.summary, `${what}: summary`);
}

const pool = new DissectPool(2);

test("a mixed capture: same packets in the same order, ordinary and shared memory", async () => {
  const bytes = mixedCapture({ packets: 30_000 });
  const want = sequential(bytes);
  assert.is(want.rows.length, 30_000);
  same(want, await parallel(pool, bytes), "ordinary");
  const shared = pool.allocate(bytes.length);
  shared.set(bytes);
  same(want, await parallel(pool, shared), "shared");
  same(want, await parallel(pool, bytes, 7), "7 runs on 2 workers");
  assert.is(pool.stats.fallbacks, 0, "real captures split on record boundaries");
});

test("big-endian and nanosecond pcaps", async () => {
  const frames = mixedCapture({ packets: 3000 });
  const recs = [];
  dissectCapture(frames, (t) => { for (let i = 0; i < t.length; i++) recs.push({ data: t.source.frame(i).slice(), tsSec: 1_700_000_000 + i, tsNsec: i * 1001 }); });
  for (const nanosecond of [false, true]) {
    const le = writePcap(recs, { linktype: 1, nanosecond });
    same(sequential(le), await parallel(pool, le, 5), `little-endian ns=${nanosecond}`);
    const be = le.slice(), src = new DataView(le.buffer, le.byteOffset), dv = new DataView(be.buffer);
    const sw = (o, n) => n === 4 ? dv.setUint32(o, src.getUint32(o, true), false) : dv.setUint16(o, src.getUint16(o, true), false);
    sw(0, 4); sw(4, 2); sw(6, 2); for (const o of [8, 12, 16, 20]) sw(o, 4);
    for (let o = 24; o < be.length;) { const cap = src.getUint32(o + 8, true); for (const f of [0, 4, 8, 12]) sw(o + f, 4); o += 16 + cap; }
    same(sequential(be), await parallel(pool, be, 5), `big-endian ns=${nanosecond}`);
  }
});

test("cut short and corrupt captures: the same visits, then the same FrameError", async () => {
  const bytes = mixedCapture({ packets: 5000 });
  for (const cut of [bytes.length - 1, bytes.length - 20, Math.floor(bytes.length * 0.77), Math.floor(bytes.length / 3)]) {
    const want = sequential(bytes.subarray(0, cut));
    assert.instance(want.error, FrameError);
    same(want, await parallel(pool, bytes.subarray(0, cut), 4), `cut at ${cut}`);
    await bare(pool, bytes.subarray(0, cut), 4, undefined, want, `cut at ${cut}`);
  }
  const bad = bytes.slice();
  // A record in the middle claims 16 MiB: BAD_RECORD after every record before it.
  let o = 24;
  for (let i = 0; i < 2500; i++) o += 16 + new DataView(bad.buffer).getUint32(o + 8, true);
  new DataView(bad.buffer).setUint32(o + 8, 16 << 20, true);
  const want = sequential(bad);
  assert.is(want.error?.code, "BAD_RECORD");
  same(want, await parallel(pool, bad, 4), "corrupt record in the middle");
});

test("split points inside payloads that look like records fall back and lose nothing", async () => {
  // Each packet's payload is itself a run of valid-looking pcap records.
  const recs = fakeRecordPackets(400);
  const bytes = writePcap(recs, { linktype: 1 });
  const want = sequential(bytes);
  const before = pool.stats.fallbacks;
  for (const parts of [2, 3, 8, 17]) {
    same(want, await parallel(pool, bytes, parts), `${parts} runs`);
    await bare(pool, bytes, parts, undefined, want, `${parts} runs`);
  }
  assert.ok(pool.stats.fallbacks > before, "the fake headers were taken for a split point at least once (the fallback ran)");
});

test("a pcapng capture and a one-record capture are dissected too", async () => {
  const one = writePcap([{ data: buildPacket({ eth: {}, arp: { spa: "10.0.0.1", tpa: "10.0.0.2" } }) }], { linktype: 1 });
  same(sequential(one), await parallel(pool, one, 4), "one record");
});

const EXPRS = ["tcp", "udp port 53 or icmp", "ip6 and tcp", "tcp[tcpflags] & tcp-syn != 0", "not ip", "vlan and udp", "greater 1000"];

test("a filter: the same packets, summary and scanned count as dissectCapture({ filter }), cut or whole", async () => {
  const bytes = mixedCapture({ packets: 20_000 });
  for (const expr of EXPRS) {
    const want = sequential(bytes, { filter: expr });
    assert.ok(want.summary.packets > 0 && want.summary.packets < 20_000, `${expr} selects some packets (${want.summary.packets})`);
    assert.is(want.summary.scanned, 20_000);
    same(want, await parallel(pool, bytes, 5, expr), `filter ${expr}`);
    await bare(pool, bytes, 5, expr, want, `filter ${expr}`);
  }
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6) + 3);
  const cutWant = sequential(cut, { filter: "tcp" });
  same(cutWant, await parallel(pool, cut, 4, "tcp"), "filter on a cut capture");
  await bare(pool, cut, 4, "tcp", cutWant, "filter on a cut capture");
  try { await pool.dissect(bytes, undefined, { filter: "tcp port" }); assert.unreachable(); } catch (e) {
    assert.is(e.code, sequential(bytes, { filter: "tcp port" }).error.code, "a bad expression: the compiler's error, before any work");
  }
});

test("a filter across a wrong split point (the one-thread fallback) keeps the same result", async () => {
  const recs = fakeRecordPackets(400, { dport: (i) => (i % 3 ? 53 : 54), ts: false });
  const bytes = writePcap(recs, { linktype: 1 });
  const want = sequential(bytes, { filter: "udp dst port 53" });
  assert.is(want.summary.packets, 266);
  const before = pool.stats.fallbacks;
  for (const parts of [3, 8, 17]) {
    same(want, await parallel(pool, bytes, parts, "udp dst port 53"), `${parts} runs`);
    await bare(pool, bytes, parts, "udp dst port 53", want, `${parts} runs`);
  }
  assert.ok(pool.stats.fallbacks > before, "the fallback ran");
});

test("dissectCapture({ workers }) resolves to what one thread returns; bad combinations are BAD_OPTION", async () => {
  const bytes = mixedCapture({ packets: 12_000 });
  const p = dissectCapture(bytes, undefined, { workers: 2 });
  assert.instance(p, Promise);
  same(sequential(bytes), await collect((visit) => dissectCapture(bytes, visit, { workers: 2 })), "workers: 2");
  same(sequential(bytes, { filter: "udp" }), await collect((visit) => dissectCapture(bytes, visit, { workers: 2, filter: "udp" })), "workers: 2, filter");
  assert.equal(await p, sequential(bytes).summary);
  for (const bad of [{ workers: 2, filter: () => true }, { workers: 2, start: 24 }]) {
    try { await dissectCapture(bytes, undefined, bad); assert.unreachable(); } catch (e) { assert.is(e.code, "BAD_OPTION", JSON.stringify(Object.keys(bad))); }
  }
});

test("an asynchronous visitor: each batch waits for the previous one's promise, errors arrive in order", async () => {
  const bytes = mixedCapture({ packets: 40_000 });
  for (const input of [bytes, writePcapngOf(bytes)]) {
    let busy = false, batches = 0, rows = 0;
    const s = await pool.dissect(input, async (t) => {
      assert.not.ok(busy, "no batch while the previous one's promise is pending");
      busy = true;
      rows += t.length;
      await new Promise((r) => setTimeout(r, 1));
      busy = false;
      batches++;
    });
    assert.is(rows, 40_000);
    assert.is(s.packets, 40_000);
    assert.ok(batches > 1, `several batches (${batches})`);
    let seen = 0;
    try {
      await pool.dissect(input, async () => { if (++seen === 2) throw new Error("visitor failed"); });
      assert.unreachable();
    } catch (e) { assert.is(e.message, "visitor failed"); }
  }
});

function writePcapngOf(pcap) {
  const recs = [];
  dissectCapture(pcap, (t) => { for (let i = 0; i < t.length; i++) recs.push({ data: t.source.frame(i).slice(), tsSec: 1, tsNsec: i }); });
  return writePcapng(recs);
}

test("a closed pool rejects with CLOSED; sizes are checked", async () => {
  const p = new DissectPool(1);
  p.close();
  try { await p.dissect(mixedCapture({ packets: 10 })); assert.unreachable(); } catch (e) { assert.is(e.code, "CLOSED"); }
  assert.throws(() => new DissectPool(0), RangeError);
  assert.throws(() => new DissectPool(1.5), RangeError);
});

test("ready() resolves once every worker has started, and again later", async () => {
  const p = new DissectPool(2);
  try {
    await p.ready();
    await p.ready();
    const bytes = mixedCapture({ packets: 2000 });
    same(sequential(bytes), await parallel(p, bytes, 3), "after ready()");
  } finally { p.close(); }
});

test.after(() => pool.close());
test.run();
