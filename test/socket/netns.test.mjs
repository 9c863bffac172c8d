// Scenarios that need a private network namespace (created and removed here):
// IPv4 multicast on loopback, and EPERM provoked by an nftables drop rule.
// The scenario itself runs in a child process of the same runtime inside the namespace.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { have, isRoot, runtime, testIf } from "../_harness.mjs";

const child = fileURLToPath(new URL("./_netns_child.mjs", import.meta.url));
const exe = runtime === "deno" ? [Deno.execPath(), "run", "-A", "--unstable-net", "--quiet"] : [process.execPath];
const ns = `sockfam-t${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const nsReason = !isRoot ? "needs root to create a network namespace" : !have("ip") ? "iproute2 (ip) is not installed" : null;

function ip(...args) {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

function runInNs(scenario, ...args) {
  const r = spawnSync("ip", ["netns", "exec", ns, ...exe, child, scenario, ...args.map(String)], { encoding: "utf8", timeout: 30000 });
  const line = r.stdout.trim().split("\n").pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`child failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

if (!nsReason) {
  ip("netns", "add", ns);
  ip("-n", ns, "link", "set", "lo", "up");
  ip("-n", ns, "link", "set", "lo", "multicast", "on");
  ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "lo");
}
test.after(() => {
  if (!nsReason) spawnSync("ip", ["netns", "del", ns]);
});

// IPv6 multicast: lo has no link-local address and does not loop IPv6 multicast
// back to a member (tried: ff00::/8 route on lo, IPV6_MULTICAST_LOOP; nothing
// arrives), so the test uses a veth pair inside the namespace, without DAD.
const py3Reason = nsReason ?? (have("/usr/bin/python3") ? null : "/usr/bin/python3 is not installed");
function ifindex(name) {
  const r = spawnSync("ip", ["-n", ns, "-j", "link", "show", name], { encoding: "utf8" });
  return JSON.parse(r.stdout)[0].ifindex;
}
for (const group of ["ff02::1:3", "ff15::7:1"]) {
  testIf(test, `IPv6 multicast (${group}) over a veth pair: we join, Python sends, we receive`, py3Reason, () => {
    vethPair();
    const r = runInNs("mcast6", group, ifindexes.rx, ifindexes.tx);
    assert.is(r.error, undefined, `no IPv6 multicast datagram arrived: ${r.error}`);
    assert.is(r.received, "to the v6 group");
    assert.match(r.from.host, /^fe80:/, "sent from the veth's link-local address");
  });
}
const ifindexes = { rx: 0, tx: 0 };

function vethPair() {
  if (ifindexes.rx) return;
  spawnSync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
  ip("-n", ns, "link", "add", "sfv6a", "type", "veth", "peer", "name", "sfv6b");
  ip("-n", ns, "link", "set", "sfv6a", "up");
  ip("-n", ns, "link", "set", "sfv6b", "up");
  ifindexes.tx = ifindex("sfv6a");
  ifindexes.rx = ifindex("sfv6b");
}

testIf(test, "IPv6 link-local with scope IDs (name, index, %zone) both ways, Python as a peer; bad scopes are errors", py3Reason, async () => {
  vethPair();
  let ll;
  for (let i = 0; i < 50 && !ll; i++) { // the kernel adds the link-local address when the link comes up
    const j = JSON.parse(spawnSync("ip", ["-n", ns, "-j", "-6", "addr", "show", "sfv6b"], { encoding: "utf8" }).stdout)[0];
    ll = j?.addr_info?.find((a) => a.local?.startsWith("fe80"))?.local;
    if (!ll) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ll, "sfv6b has no link-local address");
  const idx = ifindexes.rx;
  const r = runInNs("scope6", ll, "sfv6b", idx);
  assert.is(r.error, undefined, String(r.error));
  assert.is(r.rxName.scopeId, idx, "getsockname carries the scope");
  assert.is(r.udp.data, "scoped");
  assert.equal([r.udp.from.host, r.udp.from.scopeId], [ll, idx], "recvfrom carries the scope");
  assert.is(r.python.data, "TO PYTHON");
  // (Which scope Python sees on our datagram is the kernel's choice for traffic between two local
  // addresses — the interface, or at times 0 — so it is not asserted; Python's reply must reach us scoped.)
  assert.equal([r.python.from.host, r.python.from.scopeId], [ll, idx]);
  assert.is(r.tcp.data, "tcp scoped");
  assert.is(r.tcp.peer.scopeId, idx, "accept's peer address carries the scope");
  assert.is(r.tcp.peername.scopeId, idx);
  assert.is(r.tcp.sockname.scopeId, idx);
  assert.equal(r.errors, { nosuch: "ENODEV", space: "EINVAL", frac: "EINVAL" });
});

testIf(test, "IPv4 multicast on loopback: join, receive, leave", nsReason, () => {
  const r = runInNs("mcast4");
  assert.is(r.error, undefined, `no multicast datagram arrived: ${r.error}`);
  assert.is(r.received, "to the group");
  assert.is(r.from.host, "127.0.0.1");
  assert.is(r.afterDrop, null, "a datagram arrived after IP_DROP_MEMBERSHIP");
});

const nftReason = nsReason ?? (have("nft") ? null : "nft (nftables) is not installed: apt-get install nftables");
testIf(test, "EPERM: sendto blocked by an nftables rule in the namespace", nftReason, () => {
  const rules = spawnSync("ip", ["netns", "exec", ns, "nft", "-f", "-"], {
    input: "table inet sockfam {\n chain out {\n  type filter hook output priority 0;\n  udp dport 9 drop\n }\n}\n",
    encoding: "utf8",
  });
  if (rules.status !== 0) throw new Error(`nft failed: ${rules.stderr}`);
  const r = runInNs("eperm");
  assert.is(r.code, "EPERM", JSON.stringify(r));
  assert.ok(r.isSocketError);
});

test.run();
