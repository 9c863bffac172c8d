// The offline matcher and dissectCapture's { filter }: the packets they
// select are the packets `tcpdump -r FILE -w OUT EXPR` writes, for pcap
// (the core's fast path) and pcapng (the record path) files.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { compileMatcher, dissectCapture, mixedCapture, readCapture, writePcapng } from "../../dist/core/mod.js";
import { testIf, have } from "../_harness.mjs";
import { readPcap } from "./_bpf.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-filter-match-"));
const EXPRS = ["tcp", "udp port 53", "vlan and udp", "ip6 and not icmp6", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn", "greater 300 or arp", "net 10.0.0.0/8 and portrange 1-1024", "not ip"];

function tcpdumpSelects(file, expr) {
  const out = join(dir, "out.pcap");
  const r = spawnSync("tcpdump", ["-r", file, "-w", out, expr], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return readPcap(new Uint8Array(readFileSync(out))).records.map((x) => [...x.data].join(","));
}

testIf(test, "dissectCapture(bytes, visit, { filter }) visits what tcpdump -r selects (pcap and pcapng)", have("tcpdump") ? null : "tcpdump not installed", () => {
  const bytes = mixedCapture({ packets: 3000, seed: 11 });
  const file = join(dir, "mixed.pcap");
  writeFileSync(file, bytes);
  const ng = writePcapng([...readCapture(bytes)].map((r) => ({ data: r.data, tsSec: r.tsSec, tsNsec: r.tsNsec, origLength: r.origLength })));
  for (const e of EXPRS) {
    const want = tcpdumpSelects(file, e);
    for (const [name, input] of [["pcap", bytes], ["pcapng", ng]]) {
      const got = [];
      const s = dissectCapture(input, (t) => { for (const p of t) got.push([...p.frame].join(",")); }, { filter: e });
      assert.is(s.scanned, 3000, `${name} ${e}`);
      assert.is(s.packets, want.length, `${name} "${e}": ${s.packets} vs tcpdump ${want.length}`);
      assert.equal(got, want, `${name} "${e}": the same packets in the same order`);
    }
  }
  assert.ok(tcpdumpSelects(file, "tcp").length > 100, "the capture has traffic to select");
});

test("compileMatcher takes an expression or a program and a predicate for dissectCapture", () => {
  const bytes = mixedCapture({ packets: 500, seed: 2 });
  const m = compileMatcher("udp");
  let n = 0;
  for (const r of readCapture(bytes)) if (m(r.data, r.origLength)) n++;
  const s = dissectCapture(bytes, undefined, { filter: (f) => m(f) });
  assert.is(s.packets, n);
  assert.ok(n > 50 && n < 500, `${n} UDP packets`);
  assert.is(dissectCapture(bytes, undefined, { filter: "udp" }).packets, n, "expression and predicate agree");
  assert.is(dissectCapture(bytes).scanned, undefined, "no filter, no scanned count");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
