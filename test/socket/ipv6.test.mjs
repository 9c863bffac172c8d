// IPv6 and dual-stack through sockfam's socket(). Same file under Node and Deno.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { testIf } from "../_harness.mjs";
import { cannotReason, closeTracked, dec, enc, pair, rejects, sf, track } from "./_util.mjs";

const { AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, IPPROTO_IPV6, IPV6_V6ONLY } = sf;
let v6 = null;
try {
  if (!/^00000000000000000000000000000001 /m.test(readFileSync("/proc/net/if_inet6", "utf8"))) v6 = "::1 is not configured on lo";
} catch {
  v6 = "IPv6 is disabled on this host (/proc/net/if_inet6 missing)";
}

testIf(test, "TCP over ::1: addresses carry flowinfo and scopeId", v6, async () => {
  const srv = track(sf.socket(AF_INET6, SOCK_STREAM));
  await srv.bind({ host: "::1", port: 0 });
  await srv.listen();
  const a = srv.getsockname();
  assert.equal(a, { host: "::1", port: a.port, flowinfo: 0, scopeId: 0 });
  const [c, conn] = await pair(srv, AF_INET6);
  track(c); track(conn);
  await c.sendall(enc("v6"));
  assert.is(dec(await conn.recv()), "v6");
  assert.is(conn.getpeername().host, "::1");
});

testIf(test, "UDP over ::1 with bracketed host", v6, async () => {
  const a = track(sf.socket(AF_INET6, SOCK_DGRAM)), b = track(sf.socket(AF_INET6, SOCK_DGRAM));
  await a.bind({ host: "[::1]", port: 0 });
  await b.bind({ host: "::1", port: 0 });
  await a.sendto(enc("six"), b.getsockname());
  const [d, from] = await b.recvfrom();
  assert.is(dec(d), "six");
  assert.is(from.port, a.getsockname().port);
  assert.is(from.host, "::1");
});

testIf(test, "dual-stack: an AF_INET6 listener on :: accepts IPv4 (IPv4-mapped peer)", v6, async () => {
  const srv = track(await sf.createServer({ host: "::", port: 0 }, { dualstackIpv6: true }));
  const port = srv.getsockname().port;
  const c = track(sf.socket(AF_INET, SOCK_STREAM));
  const [, [conn, peer]] = await Promise.all([c.connect({ host: "127.0.0.1", port }), srv.accept()]);
  track(conn);
  assert.is(peer.host, "::ffff:127.0.0.1");
  assert.is(peer.port, c.getsockname().port);
  await c.sendall(enc("mapped"));
  assert.is(dec(await conn.recv()), "mapped");
});

const v6only = v6 ?? await (async () => {
  const s = sf.socket(AF_INET6, SOCK_STREAM);
  s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
  try { return await cannotReason("IPV6_V6ONLY on a TCP listener", () => s.bind({ host: "::", port: 0 })); } finally { await s.close(); }
})();

testIf(test, "IPV6_V6ONLY: an IPv6-only listener refuses IPv4", v6only, async () => {
  const s = track(sf.socket(AF_INET6, SOCK_STREAM));
  s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
  await s.bind({ host: "::", port: 0 });
  await s.listen();
  const c = track(sf.socket(AF_INET, SOCK_STREAM));
  await rejects(() => c.connect({ host: "127.0.0.1", port: s.getsockname().port }), (e) => e.code === "ECONNREFUSED");
});

test("an IPv4 literal on an AF_INET6 socket (and vice versa) is EAFNOSUPPORT", async () => {
  const s = track(sf.socket(AF_INET6, SOCK_STREAM));
  await rejects(() => s.bind({ host: "127.0.0.1", port: 0 }), (e) => e.code === "EAFNOSUPPORT");
  const t = track(sf.socket(AF_INET, SOCK_DGRAM));
  await rejects(() => t.sendto(enc("x"), { host: "::1", port: 9 }), (e) => e.code === "EAFNOSUPPORT");
});

test.after.each(closeTracked);
test.run();
