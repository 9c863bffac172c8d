// Live filters: AF_PACKET sockets in a private network namespace pair with
// setFilter(expr) attached receive exactly the frames the offline matcher
// selects from what was sent (scapy-crafted frames, sent from the other end
// of the veth by Python). SOCK_RAW sees Ethernet; SOCK_DGRAM gets the cooked
// program (the kernel's protocol, offsets from the network header).
// VLAN-tagged frames are left out: veth moves the tag into the packet's
// metadata before the filter runs, which no offline program can see.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testIf } from "../_harness.mjs";
import { AF_PACKET, SOCK_DGRAM, SOCK_RAW, compileMatcher } from "../../dist/core/mod.js";
import { createPair, hex, netnsSkipReason, nativeBuilt, python } from "../native/_netns.mjs";
import { craftedFrames } from "./_bpf.mjs";

const skip = netnsSkipReason() ?? (nativeBuilt() ? null : "native addon not built (npm run build)");
const { openNativeSocket } = skip ? {} : await import("../native/_native.mjs");
const EXPRS = ["tcp port 80", "udp and not port 53", "ip6 and tcp", "icmp or arp", "net 10.0.0.0/24 and greater 80",
  "tcp[tcpflags] & tcp-syn != 0", "ip[8] = 64 and udp[0:2] > 1000", "not ip and not ip6", "ether broadcast", "ip6 proto 44 or ip[6:2] & 0x3fff != 0"];
const COOKED = ["udp port 53", "ip6 and tcp", "icmp", "ip[9] = 17 and ip[16] = 192"];
const PY_SEND = `
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for line in sys.stdin:
    if line.strip(): s.send(bytes.fromhex(line.strip()))
print("sent", flush=True)
`;

async function drain(s) {
  const got = [];
  s.settimeout(0.15);
  for (;;) {
    try { got.push(hex(await s.recv(65535))); } catch (e) { if (e.code === "ETIMEDOUT") return got; throw e; }
  }
}

testIf(test, "setFilter(expr) on live sockets agrees with the offline matcher", skip, async () => {
  const all = craftedFrames(join(tmpdir(), `sockfam-filter-live-${process.pid}.pcap`));
  assert.ok(all && all.length > 50, "scapy frames");
  const frames = all.map((r) => r.data).filter((f) => f.length >= 14 && ![0x8100, 0x88a8, 0x9100].includes((f[12] << 8) | f[13]));
  const p = createPair();
  const socks = [];
  try {
    for (const e of EXPRS) { const s = openNativeSocket(AF_PACKET, SOCK_RAW, 3); s.setFilter(e); await s.bind({ ifname: p.outer }); socks.push([e, s, false]); }
    for (const e of COOKED) { const s = openNativeSocket(AF_PACKET, SOCK_DGRAM, 3); s.setFilter(e); await s.bind({ ifname: p.outer }); socks.push([e, s, true]); }
    const py = python(p.ns, PY_SEND, [p.inner], { input: frames.map(hex).join("\n") + "\n", readyRe: /sent/ });
    const r = await py.done;
    assert.is(r.code, 0, r.stderr);
    let selected = 0;
    for (const [e, s, cooked] of socks) {
      const m = compileMatcher(e);
      const want = frames.filter((f) => m(f)).map((f) => hex(cooked ? f.subarray(14) : f));
      const sent = new Set(frames.map((f) => hex(cooked ? f.subarray(14) : f)));
      const got = (await drain(s)).filter((h) => sent.has(h)); // anything else is not ours
      assert.equal(got, want, `${cooked ? "SOCK_DGRAM" : "SOCK_RAW"} "${e}"`);
      selected += want.length;
    }
    assert.ok(selected > 40, `${selected} frames selected in all`);
  } finally {
    for (const [, s] of socks) await s.close();
    p.remove();
  }
});

test.run();
