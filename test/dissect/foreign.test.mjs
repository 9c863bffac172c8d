// tshark as the oracle on frames nobody here wrote: scapy (Debian's python3-scapy)
// builds layered packets, randomizes their fields, shortens frames and cuts records
// by a snaplen (_scapy_frames.py); Wireshark's own randpkt made test/fixtures/randpkt.pcap
// (150 random frames each of its eth, arp, ip, ipv6, icmp, udp, dns and sctp kinds).
// sockfam and tshark dissect the same file and must agree field by field. Where sockfam
// differs on purpose (BY_DESIGN in _oracle.mjs, each with its reason) the differences
// are counted and may not swallow the comparison.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { dissectCapture } from "../../dist/core/mod.js";
import { have, testIf } from "../_harness.mjs";
import { judge, tsharkRows } from "./_oracle.mjs";

const PY = "/usr/bin/python3";
const noTshark = have("tshark") ? null : "tshark not installed (apt-get install tshark)";
const noScapy = noTshark ?? (spawnSync(PY, ["-c", "import scapy.all"], { stdio: "ignore" }).status !== 0 ? "Debian's python3 with scapy not installed (apt-get install python3-scapy)" : null);
const dir = mkdtempSync(join(tmpdir(), "sockfam-foreign-"));

/** Dissects `file` with sockfam and tshark; asserts agreement; returns sockfam's JSON per packet. */
function agree(file, count) {
  const ours = [];
  dissectCapture(readFileSync(file), (t) => { for (const p of t) ours.push(p.toJSON()); });
  const rows = tsharkRows(file);
  assert.is(ours.length, count, "every record dissected");
  assert.is(rows.length, ours.length, "tshark sees every record");
  const { problems, exempt, exempted, fields } = judge(ours, rows);
  assert.equal(problems.slice(0, 20), [], `disagreements with tshark (${problems.length})`);
  assert.ok(exempted < ours.length / 8, `by-design differences stay a minority: ${JSON.stringify([...exempt])}`);
  assert.ok(fields > ours.length * 20, `compared many fields (${fields})`);
  return ours;
}
const count = (ours, f) => ours.filter(f).length;

testIf(test, "scapy's randomized frames: sockfam and tshark agree field by field", noScapy, () => {
  const file = join(dir, "scapy.pcap");
  const r = spawnSync(PY, [new URL("./_scapy_frames.py", import.meta.url).pathname, "20261203", "800", file], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  const ours = agree(file, 800);
  // The frames exercise what they are meant to: short frames, cut records, ICMP errors, VLANs, fragments.
  assert.ok(count(ours, (j) => j.errors.includes("ipv4.bad_length") || j.errors.includes("ipv6.bad_length")) > 10, "lengths beyond the frame");
  assert.ok(count(ours, (j) => j.caplen < j.len) > 50, "records cut by a snaplen");
  assert.ok(count(ours, (j) => j.icmp?.type === 3 || j.icmpv6?.type === 1) > 10, "ICMP errors");
  assert.ok(count(ours, (j) => j.eth?.vlans.length) > 20 && count(ours, (j) => j.ipv6?.fragment) > 10, "VLANs and fragments");
});

for (const [linktype, name] of [[113, "Linux SLL"], [276, "Linux SLL2"], [101, "raw IP"], [0, "BSD NULL"]]) {
  testIf(test, `scapy's randomized frames on ${name} (link type ${linktype}): sockfam and tshark agree`, noScapy, () => {
    const file = join(dir, `scapy-${linktype}.pcap`);
    const r = spawnSync(PY, [new URL("./_scapy_frames.py", import.meta.url).pathname, String(20261203 + linktype), "300", file, String(linktype)], { encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    const ours = agree(file, 300);
    assert.ok(count(ours, (j) => j.ipv4) > 50 && count(ours, (j) => j.ipv6) > 50, "IPv4 and IPv6 on it");
    // (Some frames are shortened into their link header: tshark shows its fields, sockfam flags link.truncated.)
    if (linktype === 113 || linktype === 276) assert.ok(count(ours, (j) => j.sll) > 250, "the cooked headers read");
    if (linktype === 0) assert.ok(count(ours, (j) => j.loop) > 250, "the NULL headers read");
  });
}

testIf(test, "Wireshark's randpkt frames: sockfam and tshark agree field by field", noTshark, () => {
  const ours = agree(new URL("../fixtures/randpkt.pcap", import.meta.url).pathname, 1200);
  assert.ok(count(ours, (j) => j.arp) > 100 && count(ours, (j) => j.ipv4) > 300 && count(ours, (j) => j.ipv6) > 100, "ARP, IPv4 and IPv6 among them");
  assert.ok(count(ours, (j) => j.errors.length) > 100, "many malformed");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
