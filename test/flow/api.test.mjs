// The flow API's entry points agree with each other: a capture in memory
// (live batch tables read from the core's arena), the same capture as a
// stream of small chunks, and a FlowEngine fed owned batches of a few packets
// (as live AF_PACKET batches would come) — with fragmented datagrams in the
// middle, whose re-dissection must not disturb the batch being walked.
// Also the CLI's --help and argument errors.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { FlowEngine, dissectBatch, flowJSON, flows, mixedFrames, readCapture, reassemble } from "../../dist/core/mod.js";
import { runtime } from "../_harness.mjs";
import { fragment, pcap, tcp, udpSegment } from "./_craft.mjs";

const frames = [];
const mix = mixedFrames(600, 7);
const { segment } = udpSegment(true, 4000, 3);
const seg4 = udpSegment(false, 2500, 4).segment;
for (let i = 0; i < mix.length; i++) {
  frames.push(mix[i]);
  if (i === 100) frames.push(fragment(true, segment, 1448, 2896, 9));
  if (i === 101) frames.push(tcp(true, 7, 0, 2), fragment(false, seg4, 0, 1480, 3));
  if (i === 300) frames.push(fragment(true, segment, 0, 1448, 9), fragment(false, seg4, 1480, 2508, 3));
  if (i === 301) frames.push(fragment(true, segment, 2896, 4008, 9), tcp(false, 99, 8, 18), tcp(true, 8, 100, 24, "after the fragments"));
}
const bytes = pcap(frames);

async function viaEngine(batch) {
  const out = { data: [], datagrams: [] };
  const engine = new FlowEngine({
    onData: (f, d, b) => out.data.push(`${f.proto}${f.stream}/${d}/${b.length}`),
    onDatagram: (p, frame) => out.datagrams.push(`${frame} ${p.ipSrc} ${p.udpLen} ${p.l4Checksum}`),
  });
  const recs = [...readCapture(bytes)];
  for (let i = 0; i < recs.length; i += batch) engine.push(dissectBatch(recs.slice(i, i + batch)));
  engine.finish();
  return { ...out, flows: engine.flows.map((f) => JSON.stringify(flowJSON(f))) };
}

async function viaReassemble(input) {
  const out = { data: [], datagrams: [] };
  const r = await reassemble(input, {
    onData: (f, d, b) => out.data.push(`${f.proto}${f.stream}/${d}/${b.length}`),
    onDatagram: (p, frame) => out.datagrams.push(`${frame} ${p.ipSrc} ${p.udpLen} ${p.l4Checksum}`),
  });
  return { ...out, flows: r.flows.map((f) => JSON.stringify(flowJSON(f))) };
}

test("in memory, as a chunked stream and as small owned batches: the same flows, bytes and datagrams", async () => {
  const mem = await viaReassemble(bytes);
  // Frame numbers are 0-based capture indexes: the IPv4 pair completes at 305, the IPv6 trio at 307.
  assert.equal(mem.datagrams, ["305 10.9.0.1 2508 1", "307 fd09::1 4008 1"], "both datagrams rebuilt, good UDP checksums");
  assert.ok(mem.data.includes("tcp" + mem.flows.map((f) => JSON.parse(f)).find((f) => f.a === "10.9.0.1:40000").stream + "/0/19"), "the TCP bytes after the fragments");
  const chunks = [];
  for (let o = 0; o < bytes.length; o += 777) chunks.push(bytes.subarray(o, o + 777));
  const stream = new ReadableStream({ start(c) { for (const ch of chunks) c.enqueue(ch); c.close(); } });
  assert.equal(await viaReassemble(stream), mem);
  for (const batch of [1, 5, 64]) assert.equal(await viaEngine(batch), mem, `batches of ${batch}`);
  const table = await flows(bytes);
  assert.equal(table.flows.map((f) => JSON.stringify(flowJSON(f))), mem.flows);
  assert.equal(table.flows.reduce((n, f) => n + f.dataBytes[0] + f.dataBytes[1], 0), 0, "flows() does not reassemble");
});

const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sockfam = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "sockfam-flowcli-"));

test("CLI: --help, argument errors, a stream that is not there", () => {
  const file = join(dir, "x.pcap");
  writeFileSync(file, bytes);
  for (const cmd of ["flows", "follow"]) {
    const h = sockfam(cmd, "--help");
    assert.is(h.status, 0);
    assert.match(h.stdout, `usage: sockfam ${cmd} FILE`);
  }
  let r = sockfam("follow", file);
  assert.is(r.status, 2);
  assert.match(r.stderr, "give one of --tcp N or --udp N");
  r = sockfam("follow", file, "--tcp", "x");
  assert.is(r.status, 2);
  assert.match(r.stderr, "EINVAL: invalid number for --tcp: \"x\"");
  r = sockfam("flows", file, "--bogus");
  assert.is(r.status, 2);
  r = sockfam("follow", file, "--tcp", "999");
  assert.is(r.status, 1);
  assert.match(r.stderr, "no tcp stream 999");
  r = sockfam("flows", join(dir, "missing.pcap"));
  assert.is(r.status, 1);
  assert.match(r.stderr, "ENOENT");
  r = sockfam("flows", file, "--top", "2");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim().split("\n").length, 3, "header and two flows");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
