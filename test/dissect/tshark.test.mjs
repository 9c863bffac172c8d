// sockfam's dissection against tshark, field by field, on captures written by
// sockfam's own pcap/pcapng writers (which tshark and tcpdump must open).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { dissectBatch, dissectCapture, mixedFrames, readCapture, writePcap, writePcapng } from "../../dist/core/mod.js";
import { have, testIf } from "../_harness.mjs";
import { compare, tsharkRows } from "./_oracle.mjs";
import { relink, specialFrames } from "./_frames.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-tshark-"));
const noTshark = have("tshark") ? null : "tshark not installed (apt-get install tshark)";
const noTcpdump = have("tcpdump") ? null : "tcpdump not installed (apt-get install tcpdump)";

const specials = specialFrames();
const frames = [...specials.map(([, f]) => f), ...mixedFrames(400, 7)];
const records = frames.map((data, i) => ({ data, origLength: specials[i]?.[2] ?? data.length, tsSec: 1700000000 + i, tsNsec: i * 1001 }));

function agree(file, jsons, label) {
  const rows = tsharkRows(file);
  assert.is(rows.length, jsons.length, `${label}: tshark sees every packet`);
  const stats = { fields: 0 };
  const problems = [];
  jsons.forEach((j, i) => {
    for (const p of compare(j, rows[i], stats)) problems.push(`#${i + 1} ${specials[i]?.[0] ?? ""}: ${p}`);
  });
  assert.equal(problems.slice(0, 40), [], `${label}: disagreements with tshark`);
  assert.ok(stats.fields > jsons.length * 5, "compared many fields");
}

testIf(test, "pcap (µs) written by sockfam: tshark agrees field by field", noTshark, () => {
  const file = join(dir, "mix.pcap");
  const bytes = writePcap(records);
  writeFileSync(file, bytes);
  const jsons = [];
  dissectCapture(bytes, (t) => { for (const p of t) jsons.push(p.toJSON()); });
  assert.is(jsons.length, frames.length);
  agree(file, jsons, "pcap");
});

testIf(test, "pcapng (ns, four link types on four interfaces): tshark agrees", noTshark, () => {
  const file = join(dir, "multi.pcapng");
  const kinds = [1, 113, 276, 101, 0];
  const recs = records.map((r, i) => {
    const data = relink(r.data, kinds[i % kinds.length]);
    return { ...r, data, origLength: r.origLength - r.data.length + data.length, interfaceId: i % kinds.length };
  });
  const bytes = writePcapng(recs, { interfaces: kinds.map((linktype, i) => ({ linktype, name: `if${i}`, tsresol: i === 1 ? 6 : 9 })) });
  writeFileSync(file, bytes);
  const table = dissectBatch([...readCapture(bytes)]);
  const jsons = table.toJSON();
  assert.ok(jsons.some((j) => j.sll && j.sll.ifindex === 3), "SLL2 read");
  assert.ok(jsons.some((j) => j.loop && j.loop.family === 2), "BSD NULL read");
  agree(file, jsons, "pcapng");
});

testIf(test, "tcpdump reads both files and sees the same packet count", noTcpdump, () => {
  for (const [name, bytes] of [["a.pcap", writePcap(records, { nanosecond: true })], ["b.pcapng", writePcapng(records)]]) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const r = spawnSync("tcpdump", ["-nn", "-r", file], { encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout.trim().split("\n").length, records.length, name);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
