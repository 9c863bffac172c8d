// `sockfam filter`: tcpdump's -d/-dd/-ddd formats byte for byte (where the
// programs are the same instruction for instruction), -dd that
// parseTcpdumpProgram reads back, -r FILE --count against tcpdump -r, --help,
// and the caret under a syntax error. Runs the CLI under the current runtime.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { compileFilter, formatBpf, mixedCapture, parseTcpdumpProgram } from "../../dist/core/mod.js";
import { runtime, testIf, have } from "../_harness.mjs";

const dir = mkdtempSync(join(tmpdir(), "sockfam-filter-cli-"));
const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sockfam = (...args) => spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", "--quiet", main, ...args] : [main, ...args], { encoding: "utf8" });
const tcpdump = (...args) => spawnSync("tcpdump", args, { encoding: "utf8" });
const noTcpdump = have("tcpdump") ? null : "tcpdump not installed";

const SAMPLE = [
  ["EN10MB", "ip"], ["EN10MB", "tcp port 80"], ["EN10MB", "less 60"], ["EN10MB", "ip[len - 60] = 1"], ["EN10MB", "vlan 10 and ip"],
  ["EN10MB", "ether host 1:2:3:4:5:6"], ["EN10MB", "ip6 net 2001:db8::/32"], ["LINUX_SLL", "inbound"], ["EN10MB", "ip[2:2] * 2 = 120"],
  ["EN10MB", "ip[0] ^ 0xff = 0xba"], ["EN10MB", "tcp[tcpflags] & tcp-syn != 0"], ["EN10MB", "ip[2:2] - ip[0] > 100"], ["LINUX_SLL2", "udp"],
  ["EN10MB", "ether broadcast or ether multicast"], ["EN10MB", "ip[2:2] / 4 > 10"],
];

testIf(test, "-d, -dd and -ddd print what tcpdump prints for the same program", noTcpdump, () => {
  let same = 0, first = null;
  for (const [y, e] of SAMPLE) {
    const prog = compileFilter(e, { linktype: y });
    if (formatBpf(prog, "-ddd") !== tcpdump("-y", y, "-ddd", e).stdout) continue; // a different (equivalent) program
    same++;
    first ??= [y, e];
    for (const flag of ["-d", "-dd"]) assert.fixture(formatBpf(prog, flag), tcpdump("-y", y, flag, e).stdout, `${flag} ${e}`);
  }
  assert.ok(same >= 8, `only ${same} of ${SAMPLE.length} programs are identical to tcpdump's`);
  // and the command prints exactly that
  for (const flag of ["-d", "-dd", "-ddd"]) assert.fixture(sockfam("filter", flag, "-y", first[0], first[1]).stdout, tcpdump("-y", first[0], flag, first[1]).stdout, flag);
});

test("-dd output reads back with parseTcpdumpProgram; -d is the default", () => {
  const r = sockfam("filter", "-dd", "-y", "LINUX_SLL", "ip6 and udp");
  assert.is(r.status, 0, r.stderr);
  assert.equal(parseTcpdumpProgram(r.stdout), compileFilter("ip6 and udp", { linktype: 113 }));
  for (const [y, e] of SAMPLE) assert.equal(parseTcpdumpProgram(formatBpf(compileFilter(e, { linktype: y }), "-dd")), compileFilter(e, { linktype: y }), e);
  assert.match(sockfam("filter", "arp").stdout, /^\(000\) ldh +\[12\]\n\(001\) jeq +#0x806 +jt 2\tjf 3\n/);
});

testIf(test, "-r FILE --count selects the packets tcpdump -r FILE EXPR selects", noTcpdump, () => {
  const file = join(dir, "mixed.pcap");
  writeFileSync(file, mixedCapture({ packets: 400, seed: 3 }));
  for (const e of ["udp port 53 or icmp", "vlan and tcp[tcpflags] & tcp-syn != 0"]) {
    const want = tcpdump("-r", file, e).stdout.trim().split("\n").filter(Boolean).length;
    const r = sockfam("filter", "-r", file, "--count", e);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${want} of 400 packets match`), `${e}: ${r.stdout}`);
  }
});

test("--help, usage errors and syntax errors", () => {
  const h = sockfam("filter", "--help");
  assert.is(h.status, 0);
  assert.match(h.stdout, /usage: sockfam filter/);
  assert.is(sockfam("filter", "-q", "ip").status, 2);
  assert.is(sockfam("filter", "-y", "EN10MB", "-r", "x.pcap", "ip").status, 2);
  const bad = sockfam("filter", "tcp", "or", "(udp");
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /position 11.*expected "\)"\n  tcp or \(udp\n {13}\^/);
  assert.match(sockfam("help").stdout, /filter +compile a pcap-filter expression/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
