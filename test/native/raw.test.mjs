// SOCK_RAW over IPv4/IPv6: ICMP echo to loopback gets replies; IP_HDRINCL sends
// a whole IPv4 packet. Root only (CAP_NET_RAW); loopback traffic only.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { testIf, isRoot } from "../_harness.mjs";
import { AF_INET, AF_INET6, SOCK_RAW, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_IP, IP_HDRINCL, IP_TTL, inetChecksum } from "../../dist/core/mod.js";
import { nativeBuilt } from "./_netns.mjs";
import { openNativeSocket } from "./_native.mjs";

const skip = !isRoot ? "needs root (CAP_NET_RAW)" : nativeBuilt() ? null : "native addon not built";

function echo(id, seq, data) {
  const p = new Uint8Array(8 + data.length);
  p.set([8, 0, 0, 0, id >> 8, id & 255, seq >> 8, seq & 255]);
  p.set(data, 8);
  const c = inetChecksum(p);
  p[2] = c >> 8; p[3] = c & 255;
  return p;
}

async function replyTo(s, id, seq, strip) {
  s.settimeout(2);
  for (;;) {
    const [d, from] = await s.recvfrom();
    const icmp = strip ? d.subarray((d[0] & 15) * 4) : d;
    if (icmp[0] === (strip ? 0 : 129) && ((icmp[4] << 8) | icmp[5]) === id && ((icmp[6] << 8) | icmp[7]) === seq) return [icmp, from];
  }
}

testIf(test, "ICMP echo over a raw IPv4 socket gets a reply from 127.0.0.1", skip, async () => {
  const s = openNativeSocket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  try {
    const id = process.pid & 0xffff, data = new TextEncoder().encode("sockfam-ping");
    assert.is(await s.sendto(echo(id, 1, data), { host: "127.0.0.1", port: 0 }), 8 + data.length);
    const [icmp, from] = await replyTo(s, id, 1, true);
    assert.equal(from, { host: "127.0.0.1", port: 0 });
    assert.equal([...icmp.subarray(8)], [...data], "payload echoed");
    assert.is(inetChecksum(icmp), 0, "reply checksum verifies");
    s.setsockopt(IPPROTO_IP, IP_TTL, 9);
    assert.is(s.getsockopt(IPPROTO_IP, IP_TTL), 9);
  } finally { await s.close(); }
});

testIf(test, "ICMPv6 echo over a raw IPv6 socket gets a reply from ::1", skip, async () => {
  const s = openNativeSocket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
  try {
    const id = (process.pid + 1) & 0xffff;
    const req = echo(id, 2, new Uint8Array([1, 2, 3]));
    req[0] = 128; req[2] = 0; req[3] = 0; // the kernel fills in the ICMPv6 checksum
    await s.sendto(req, { host: "::1", port: 0 });
    const [icmp, from] = await replyTo(s, id, 2, false);
    assert.is(from.host, "::1");
    assert.equal([...icmp.subarray(8)], [1, 2, 3]);
  } catch (e) {
    if (e.code === "EADDRNOTAVAIL" || e.code === "ENETUNREACH") console.log(`SKIP-ish: IPv6 loopback unavailable: ${e.code}`);
    else throw e;
  } finally { await s.close(); }
});

testIf(test, "IP_HDRINCL: a hand-built IPv4 header is sent as given", skip, async () => {
  const tx = openNativeSocket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  try {
    tx.setsockopt(IPPROTO_IP, IP_HDRINCL, 1);
    assert.is(tx.getsockopt(IPPROTO_IP, IP_HDRINCL), 1);
    const id = (process.pid + 2) & 0xffff;
    const icmp = echo(id, 3, new Uint8Array([7, 7]));
    const ip = new Uint8Array(20 + icmp.length);
    ip.set([0x45, 0, 0, ip.length, 0x12, 0x34, 0, 0, 33, 1, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]);
    const c = inetChecksum(ip.subarray(0, 20));
    ip[10] = c >> 8; ip[11] = c & 255;
    ip.set(icmp, 20);
    assert.is(await tx.sendto(ip, { host: "127.0.0.1", port: 0 }), ip.length);
    // the raw socket sees its own request (TTL 33 as we wrote it) and the kernel's reply
    tx.settimeout(2);
    let sawRequest = false, sawReply = false;
    while (!(sawRequest && sawReply)) {
      const d = await tx.recv();
      const ic = d.subarray((d[0] & 15) * 4);
      if (((ic[4] << 8) | ic[5]) !== id) continue;
      if (ic[0] === 8) { sawRequest = true; assert.is(d[8], 33, "our TTL"); assert.is((d[4] << 8) | d[5], 0x1234, "our IP id"); }
      if (ic[0] === 0) sawReply = true;
    }
  } finally { await tx.close(); }
});

test.run();
