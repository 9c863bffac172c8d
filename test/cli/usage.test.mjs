// The CLI for a newcomer: --help on every command, `sockfam help`, and bad
// input as one line with a code and what to do, never a stack trace, with
// exit status 2 for usage errors and 1 for failures.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sockfam, assertError, assertNoStack } from "./_cli.mjs";

const commands = ["tour", "dissect", "capture", "send", "ping", "bench", "filter", "flows", "follow"];
const dir = mkdtempSync(join(tmpdir(), "sockfam-cli-usage-"));

test("sockfam help lists every command; no command at all is a usage error", () => {
  const r = sockfam(["help"]);
  assert.is(r.status, 0, r.stderr);
  for (const c of commands) assert.match(r.stdout, new RegExp(`^  ${c} +\\S`, "m"));
  const none = sockfam([]);
  assert.is(none.status, 2);
  assert.match(none.stderr, /usage: sockfam <command>/);
  const bad = sockfam(["frobnicate"]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /^sockfam: EUSAGE: unknown command "frobnicate" \(try: sockfam help\)$/m);
});

for (const c of commands) {
  test(`${c} --help and sockfam help ${c}: usage, options, an example`, () => {
    for (const args of [[c, "--help"], [c, "-h"], ["help", c]]) {
      const r = sockfam(args);
      assertNoStack(r);
      assert.is(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: sockfam ${c}`, "m"));
      assert.match(r.stdout, /^examples:\n {2}sockfam /m);
      if (c !== "tour") assert.match(r.stdout, /^options:\n/m);
      assert.match(r.stdout, /--help +print this help/);
    }
  });
}

test("dissect on a directory: EISDIR, what to do, exit 1", () => {
  const line = assertError(sockfam(["dissect", tmpdir()]), { status: 1, cmd: "dissect", code: "EISDIR" });
  assert.match(line, /is a directory; give a pcap or pcapng file/);
});

test("dissect on a missing file: ENOENT with the path", () => {
  const line = assertError(sockfam(["dissect", join(dir, "nope.pcap")]), { status: 1, cmd: "dissect", code: "ENOENT" });
  assert.match(line, /nope\.pcap/);
});

test("capture -w into a missing directory: ENOENT before any socket is opened, no file left", () => {
  const target = join(dir, "no", "such", "x.pcap");
  const line = assertError(sockfam(["capture", "-i", "lo", "-w", target, "-c", "1"]), { status: 1, cmd: "capture", code: "ENOENT" });
  assert.match(line, /cannot create .*x\.pcap/);
  assert.not.ok(existsSync(target));
});

test("ping of a name that does not resolve: one line with the resolver's code", () => {
  const r = sockfam(["ping", "no.such.host", "-c", "1"]);
  const line = assertError(r, { status: 1, cmd: "ping", code: "ENOTFOUND|EAI_NONAME|EAI_AGAIN|EAI_FAIL" });
  assert.match(line, /cannot resolve no\.such\.host/);
  assert.is(r.stdout, "", "nothing printed before the error");
});

test("ping -c x: invalid number (not 'NaN packets transmitted')", () => {
  const r = sockfam(["ping", "127.0.0.1", "-c", "x"]);
  const line = assertError(r, { status: 2, cmd: "ping", code: "EINVAL" });
  assert.match(line, /invalid number for -c: "x"/);
  assert.not.match(r.stdout + r.stderr, /NaN/);
  for (const [flag, v] of [["-i", "soon"], ["-W", "-1"], ["-s", "70000"], ["-c", "0"], ["-c", "1.5"]]) {
    const b = sockfam(["ping", "127.0.0.1", flag, v]);
    assertNoStack(b);
    assert.is(b.status, 2, `${flag} ${v}: ${b.stderr}`);
    assert.match(b.stderr, /^sockfam ping: (EINVAL|EUSAGE): /);
  }
});

test("send --type banana: EINVAL (not ethertype 0)", () => {
  const line = assertError(sockfam(["send", "-i", "lo", "--type", "banana"]), { status: 2, cmd: "send", code: "EINVAL" });
  assert.match(line, /--type: "banana"/);
  assertError(sockfam(["send", "-i", "lo", "--dst", "ff:ff"]), { status: 2, cmd: "send", code: "EINVAL" });
  assertError(sockfam(["send", "-i", "lo", "--hex", "abc"]), { status: 2, cmd: "send", code: "EINVAL" });
});

test("send --size 100000: EMSGSIZE naming the interface's limit", () => {
  const mtu = Number(readFileSync("/sys/class/net/lo/mtu", "utf8"));
  const line = assertError(sockfam(["send", "-i", "lo", "--size", "100000"]), { status: 1, cmd: "send", code: "EMSGSIZE" });
  assert.ok(line.includes(`MTU is ${mtu}`) && line.includes(`at most ${mtu + 14} bytes`), line);
});

test("an interface that does not exist: ENODEV and `ip link`", () => {
  for (const c of ["send", "capture"]) {
    const line = assertError(sockfam([c, "-i", "nosuchif0"]), { status: 1, cmd: c, code: "ENODEV" });
    assert.match(line, /ip link/);
  }
});

test("unknown options and missing arguments: EUSAGE, exit 2", () => {
  assertError(sockfam(["dissect", "--bogus", "x.pcap"]), { status: 2, cmd: "dissect", code: "EUSAGE" });
  assertError(sockfam(["dissect"]), { status: 2, cmd: "dissect", code: "EUSAGE" });
  assertError(sockfam(["dissect", "-c"]), { status: 2, cmd: "dissect", code: "EUSAGE" });
  assertError(sockfam(["dissect", "a.pcap", "-c", "ten"]), { status: 2, cmd: "dissect", code: "EINVAL" });
  assertError(sockfam(["capture"]), { status: 2, cmd: "capture", code: "EUSAGE" });
  assertError(sockfam(["send"]), { status: 2, cmd: "send", code: "EUSAGE" });
  assertError(sockfam(["ping"]), { status: 2, cmd: "ping", code: "EUSAGE" });
  assertError(sockfam(["bench", "frobnicate"]), { status: 2, cmd: "bench", code: "EUSAGE" });
  assertError(sockfam(["bench", "parse", "--packets", "many"]), { status: 2, cmd: "bench", code: "EINVAL" });
  assertError(sockfam(["tour", "nosuchsection"]), { status: 2, cmd: "tour", code: "EUSAGE" });
  for (const cmd of ["flows", "follow", "filter"]) assertError(sockfam([cmd, "--bogus", "x.pcap"]), { status: 2, cmd, code: "EUSAGE" });
  assertError(sockfam(["flows"]), { status: 2, cmd: "flows", code: "EUSAGE" });
  assertError(sockfam(["follow", "x.pcap", "--tcp", "1", "--udp", "2"]), { status: 2, cmd: "follow", code: "EUSAGE" });
  assertError(sockfam(["filter", "--count", "tcp"]), { status: 2, cmd: "filter", code: "EUSAGE" });
  assertError(sockfam(["filter", "-s", "0", "tcp"]), { status: 2, cmd: "filter", code: "EINVAL" });
});

test("a negative number for an option is EINVAL naming the option and its range (not parseArgs' 'ambiguous')", () => {
  for (const [cmd, ...args] of [["dissect", "a.pcap", "-c", "-5"], ["follow", "a.pcap", "--udp", "-1"], ["flows", "a.pcap", "--top", "-2"], ["ping", "::1", "-i", "-1"]]) {
    const r = sockfam([cmd, ...args]);
    assertError(r, { status: 2, cmd, code: "EINVAL" });
    assert.match(r.stderr, /invalid number for -+\w+: "-[\d.]+" \(give a/);
  }
});

test("sockfam --version prints the package's version", () => {
  const version = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
  for (const flag of ["--version", "-V", "version"]) {
    const r = sockfam([flag]);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout.trim(), `sockfam ${version}`);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
