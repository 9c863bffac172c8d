// tshark as the oracle on frames nobody here wrote: scapy (Debian's python3-scapy)
// builds layered packets, randomizes their fields, shortens frames and cuts records
// by a snaplen (_scapy_frames.py); sockfam and tshark dissect the same file and must
// agree field by field. The few places where sockfam differs on purpose are listed
// below, each with its reason, and counted: they may not swallow the comparison.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { dissectCapture } from "../../dist/core/mod.js";
import { have, testIf } from "../_harness.mjs";
import { compare, tsharkRows } from "./_oracle.mjs";

const PY = "/usr/bin/python3";
const noScapy = !have("tshark") ? "tshark not installed (apt-get install tshark)"
  : spawnSync(PY, ["-c", "import scapy.all"], { stdio: "ignore" }).status !== 0 ? "Debian's python3 with scapy not installed (apt-get install python3-scapy)" : null;
const dir = mkdtempSync(join(tmpdir(), "sockfam-scapy-"));

/**
 * Where sockfam differs from tshark by design, as [why, applies(ours), field prefixes exempted]:
 * the disagreements of a packet are dropped only when every one of them is under an exemption that applies.
 */
const BY_DESIGN = [
  // The project's rule: a layer appears once its fixed header was captured. tshark shows each field of a cut header it has bytes for.
  ["an IP or ARP header cut before its fixed part ends", (j) => ["ipv4", "ipv6", "arp"].some((k) => j.errors.includes(`${k}.truncated`) && !j[k]), ["has ipv4", "ip.", "has ipv6", "ipv6.", "has arp", "arp."]],
  // An IPv4 ethertype whose header says version 6: tshark dissects IPv6 there; tcpdump, like sockfam, reports a wrong encapsulation.
  ["IPv6 behind the IPv4 ethertype", (j) => j.errors.includes("ipv4.bad_version"), ["has ipv6", "ipv6.", "has tcp", "tcp.", "has udp", "udp.", "has icmp", "icmp"]],
  // A TCP data offset under 20: tshark stops reading the header there; sockfam, like tcpdump, still reads the fixed 20 bytes.
  ["a TCP data offset under 20", (j) => j.errors.includes("tcp.bad_offset") && j.tcp?.hdrLen < 20, ["tcp."]],
  // An option kind repeated in one header: tshark lists each; sockfam keeps the last, as the Linux kernel does.
  ["a TCP option repeated", (j) => !!j.tcp, ["tcp.mss", "tcp.wscale", "tcp.tsval", "tcp.tsecr"]],
];

testIf(test, "scapy's randomized frames: sockfam and tshark agree field by field", noScapy, () => {
  const file = join(dir, "scapy.pcap");
  const r = spawnSync(PY, [new URL("./_scapy_frames.py", import.meta.url).pathname, "20261203", "800", file], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  const ours = [];
  dissectCapture(readFileSync(file), (t) => { for (const p of t) ours.push(p.toJSON()); });
  const rows = tsharkRows(file);
  assert.is(ours.length, 800, "every record dissected");
  assert.is(rows.length, ours.length, "tshark sees every record");
  const stats = { fields: 0 };
  const problems = [], exempt = new Map();
  ours.forEach((j, i) => {
    const bad = compare(j, rows[i], stats);
    if (!bad.length) return;
    const rules = BY_DESIGN.filter(([, applies]) => applies(j));
    const why = rules.find(([, , prefixes]) => bad.every((d) => prefixes.some((p) => d.startsWith(p))));
    if (why) exempt.set(why[0], (exempt.get(why[0]) ?? 0) + 1);
    else problems.push(`#${i + 1} [${j.errors}] ${bad.join("; ")}`);
  });
  assert.equal(problems.slice(0, 20), [], `disagreements with tshark (${problems.length})`);
  const exempted = [...exempt.values()].reduce((a, b) => a + b, 0);
  assert.ok(exempted < ours.length / 8, `by-design differences stay a minority: ${JSON.stringify([...exempt])}`);
  assert.ok(stats.fields > ours.length * 20, `compared many fields (${stats.fields})`);
  // The frames exercise what they are meant to: short frames, cut records, ICMP errors, VLANs, fragments.
  const has = (f) => ours.filter(f).length;
  assert.ok(has((j) => j.errors.includes("ipv4.bad_length") || j.errors.includes("ipv6.bad_length")) > 10, "lengths beyond the frame");
  assert.ok(has((j) => j.caplen < j.len) > 50, "records cut by a snaplen");
  assert.ok(has((j) => j.icmp?.type === 3 || j.icmpv6?.type === 1) > 10, "ICMP errors");
  assert.ok(has((j) => j.eth?.vlans.length) > 20 && has((j) => j.ipv6?.fragment) > 10, "VLANs and fragments");
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
