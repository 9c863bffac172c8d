// The oracle test: every expression of the corpus compiled by libpcap (the
// compiler tcpdump runs; a sample is checked against `tcpdump -dd` itself)
// and by sockfam, for every link type; both programs run by an interpreter
// written from libpcap's bpf_filter (test/filter/_bpf.mjs) over every packet
// of real captures: scapy-crafted frames (VLAN, QinQ, MPLS, IPv6 extension
// headers, fragments, ARP/RARP, LLC, truncated), the dissector's special
// frames, the mixed capture, and cut copies. Verdicts must agree on every
// packet; where libpcap refuses an expression, sockfam must refuse it too.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testIf, have } from "../_harness.mjs";
import { CORPUS } from "./_corpus.mjs";
import { bpfFilter, craftedFrames, libpcapCompile, libpcapSkipReason, readPcap, rewrap } from "./_bpf.mjs";
import { specialFrames } from "../dissect/_frames.mjs";
import { compileFilter, compileMatcher, mixedCapture, runBpf } from "../../dist/core/mod.js";

const LINKTYPES = [1, 113, 276, 101, 228, 229, 0, 108];
const skip = libpcapSkipReason();

function ethernetPackets() {
  const crafted = craftedFrames(join(tmpdir(), `sockfam-filter-${process.pid}.pcap`)) ?? [];
  const special = specialFrames().map(([, f]) => ({ data: f, wirelen: f.length }));
  const mixed = readPcap(mixedCapture({ packets: 300, seed: 7 })).records;
  const base = [...crafted, ...special, ...mixed];
  const cut = [];
  for (const r of base.slice(0, 120)) for (const n of [13, 20, 30, 37, 50, 60]) if (n < r.data.length) cut.push({ data: r.data.slice(0, n), wirelen: r.wirelen });
  return { crafted: crafted.length, all: [...base, ...cut] };
}

function packetsFor(lt, eth) {
  if (lt === 1) return eth;
  const out = [];
  eth.forEach((r, i) => {
    if (r.data.length < 14) return;
    const et = (r.data[12] << 8) | r.data[13];
    if (et === 0x8100 || et === 0x88a8 || et === 0x9100) return;
    const d = rewrap(r.data, lt, i % 3 === 0 ? 4 : 0);
    out.push({ data: d, wirelen: d.length + (r.wirelen - r.data.length) });
  });
  return out;
}

// sockfam refuses these on purpose (no name resolution, no protochain yet)
const KNOWN_UNSUPPORTED = /protochain|gateway/;

testIf(test, "sockfam's programs and libpcap's agree on every packet, for every expression and link type", skip, async () => {
  const eth = ethernetPackets();
  assert.ok(eth.crafted > 80, `scapy crafted ${eth.crafted} frames`);
  const pairs = [];
  for (const lt of LINKTYPES) for (const e of CORPUS) pairs.push([e, lt]);
  const { results } = libpcapCompile(pairs);
  const byLt = new Map(LINKTYPES.map((lt) => [lt, packetsFor(lt, eth.all)]));
  const problems = [];
  let compared = 0, verdicts = 0, refused = 0;
  pairs.forEach(([expr, lt], i) => {
    const ref = results[i];
    let theirs = ref.prog;
    if (ref.error && /rejects all packets/.test(ref.error)) theirs = [[6, 0, 0, 0]];
    let ours = null, err = null;
    try { ours = compileFilter(expr, { linktype: lt }); } catch (e) { err = e; }
    if (err && !(err.code ?? "").startsWith("FILTER_")) { problems.push(`${lt} "${expr}": crashed: ${err.stack}`); return; }
    if (!theirs) {
      if (ours) problems.push(`${lt} "${expr}": libpcap refuses (${ref.error}) but sockfam compiled it`);
      else refused++;
      return;
    }
    if (!ours) {
      if (!KNOWN_UNSUPPORTED.test(expr)) problems.push(`${lt} "${expr}": libpcap compiles it, sockfam refuses: ${err.message}`);
      return;
    }
    if (ours.length > 4096) problems.push(`${lt} "${expr}": ${ours.length} instructions`);
    const mine = ours.map((x) => [x.code, x.jt, x.jf, x.k]);
    const match = compileMatcher(ours);
    compared++;
    let bad = 0;
    byLt.get(lt).forEach((r, j) => {
      const want = bpfFilter(theirs, r.data, r.wirelen) > 0;
      const got = bpfFilter(mine, r.data, r.wirelen) > 0;
      verdicts++;
      if (want !== got && bad++ < 2) problems.push(`${lt} "${expr}": libpcap ${want ? "accepts" : "rejects"}, sockfam ${got ? "accepts" : "rejects"} packet ${[...r.data.subarray(0, 64)].map((b) => b.toString(16).padStart(2, "0")).join("")} (len ${r.data.length}/${r.wirelen})`);
      // sockfam's own interpreter and compiled matcher, on a sample
      if (j % 5 === 0 && ((runBpf(ours, r.data, r.wirelen) > 0) !== got || match(r.data, r.wirelen) !== got)) problems.push(`${lt} "${expr}": runBpf/compileMatcher disagree with the reference interpreter`);
    });
  });
  console.log(`filter oracle: ${CORPUS.length} expressions x ${LINKTYPES.length} link types: ${compared} programs compared over ${verdicts} packet verdicts, ${refused} refused by both`);
  assert.ok(compared >= 150 * 2, `compared ${compared}`);
  if (process.env.FILTER_ORACLE_DUMP) (await import("node:fs")).writeFileSync(process.env.FILTER_ORACLE_DUMP, problems.join("\n"));
  assert.equal(problems.slice(0, 40), [], `${problems.length} disagreements`);
});

testIf(test, "the reference compiler is tcpdump's: pcap_compile output equals `tcpdump -y EN10MB -dd`", skip ?? (have("tcpdump") ? null : "tcpdump not installed"), () => {
  const sample = ["tcp port 80", "vlan 10 and udp", "ip6 net 2001:db8::/32", "tcp[tcpflags] & tcp-syn != 0", "less 60"];
  const { results } = libpcapCompile(sample.map((e) => [e, 1]));
  sample.forEach((e, i) => {
    const out = spawnSync("tcpdump", ["-y", "EN10MB", "-ddd", e], { encoding: "utf8" }).stdout.trim().split("\n");
    assert.is(Number(out[0]), results[i].prog.length, e);
    assert.equal(out.slice(1).map((l) => l.split(" ").map(Number)), results[i].prog, e);
  });
});

test.run();
