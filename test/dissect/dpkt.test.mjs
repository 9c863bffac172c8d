// sockfam's dissection against Python's dpkt, a second independent parser
// beside tshark: the fields both expose, on hand-written, high-bit and mixed
// frames. Frames dpkt cannot parse are counted, not compared.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { dissectBatch, mixedFrames, writePcap } from "../../dist/core/mod.js";
import { testIf } from "../_harness.mjs";
import { specialFrames } from "./_frames.mjs";

const PY = "/usr/bin/python3";
const noDpkt = spawnSync(PY, ["-c", "import dpkt"], { stdio: "ignore" }).status === 0 ? null : "Debian's python3 with dpkt not installed (apt-get install python3-dpkt)";
const dir = mkdtempSync(join(tmpdir(), "sockfam-dpkt-"));

testIf(test, "dpkt agrees on every field both parsers read", noDpkt, () => {
  // dpkt reads at most two VLAN tags, and ARP only as 6-byte hardware and 4-byte protocol
  // addresses whatever the header says: tshark judges those frames.
  const beyondDpkt = new Set(["five vlan tags", "arp infiniband", "arp for ipv6 addresses"]);
  const specials = specialFrames().filter(([name, , orig]) => orig === undefined && !beyondDpkt.has(name));
  const frames = [...specials.map(([, f]) => f), ...mixedFrames(300, 3)];
  const file = join(dir, "a.pcap");
  writeFileSync(file, writePcap(frames.map((data) => ({ data }))));
  const r = spawnSync(PY, [new URL("./_dpkt.py", import.meta.url).pathname, file], { encoding: "utf8", maxBuffer: 1 << 26 });
  assert.is(r.status, 0, r.stderr);
  const theirs = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const ours = dissectBatch(frames).toJSON();
  assert.is(theirs.length, ours.length);
  const bad = [];
  let compared = 0;
  theirs.forEach((t, i) => {
    if (t.skip) return;
    const o = ours[i];
    for (const [layer, fields] of Object.entries(t)) {
      if (!o[layer] && (layer === "tcp" || layer === "udp" || layer.startsWith("icmp")) && o.errors.some((e) => e.startsWith(layer))) continue; // cut or bad: sockfam flags it
      if (!o[layer]) { bad.push(`#${i} ${specials[i]?.[0] ?? ""}: dpkt has ${layer}, sockfam not`); continue; }
      for (const [k, v] of Object.entries(fields)) {
        compared++;
        if (JSON.stringify(o[layer][k]) !== JSON.stringify(v)) bad.push(`#${i} ${specials[i]?.[0] ?? ""}: ${layer}.${k} ours ${JSON.stringify(o[layer][k])}, dpkt ${JSON.stringify(v)}`);
      }
    }
  });
  assert.equal(bad.slice(0, 30), []);
  assert.ok(compared > 3000, `${compared} fields compared`);
  assert.ok(theirs.filter((t) => t.skip).length < frames.length / 10, "dpkt parsed most frames");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
