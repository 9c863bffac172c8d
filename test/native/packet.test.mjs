// AF_PACKET through the common interface, against Python's AF_PACKET socket and
// tcpdump, on a veth pair into a private network namespace the test creates.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { testIf, have } from "../_harness.mjs";
import { AF_PACKET, SOCK_RAW, SOCK_DGRAM, PACKET_HOST, PACKET_OTHERHOST, PACKET_FANOUT_HASH, dissectRingBatch, dissect, pollDissect, recvDissect } from "../../dist/core/mod.js";
import { createPair, ethFrame, hex, netnsSkipReason, nativeBuilt, python, readPcap, startIn } from "./_netns.mjs";
import { openNativeSocket } from "./_native.mjs";

const skip = netnsSkipReason() ?? (nativeBuilt() ? null : "native addon not built (npm run build)");
const ET = 0x88b5;
const payload = (i, n = 46) => Uint8Array.from({ length: n }, (_, j) => (i * 7 + j) & 255);

const PY_RECV = `
import socket, sys
ifname, n, proto = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 0)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
s.bind((ifname, 0)); s.settimeout(8)
print("ready", flush=True)
for _ in range(n):
    d, a = s.recvfrom(65535)
    print(d.hex(), a[1], a[2], flush=True)
`;

const PY_SEND = `
import socket, sys
ifname = sys.argv[1]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
for line in sys.stdin:
    if line.strip(): s.send(bytes.fromhex(line.strip()))
print("sent", flush=True)
`;

async function withPair(fn) {
  const p = createPair();
  try { await fn(p); } finally { p.remove(); }
}

testIf(test, "frames sent by sockfam arrive at a Python AF_PACKET socket byte for byte", skip, () => withPair(async (p) => {
  const frames = [0, 1, 2, 3, 4].map((i) => ethFrame(p.innerMac, p.outerMac, ET, payload(i, 46 + i * 100)));
  const py = python(p.ns, PY_RECV, [p.inner, frames.length, ET]);
  await py.ready;
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, ET);
  try {
    await s.bind({ ifname: p.outer });
    for (const f of frames.slice(0, 3)) assert.is(await s.send(f), f.length);
    // sendto with an explicit interface (the link-layer address matters for SOCK_DGRAM only)
    for (const f of frames.slice(3)) assert.is(await s.sendto(f, { ifname: p.outer, addr: p.innerMac }), f.length);
  } finally { await s.close(); }
  const r = await py.done;
  assert.is(r.code, 0, r.stderr);
  const got = r.stdout.trim().split("\n").slice(1).map((l) => l.split(" "));
  assert.equal(got.map((g) => g[0]), frames.map(hex));
  assert.ok(got.every((g) => Number(g[1]) === ET), "Python sees ethertype 0x88b5");
}));

testIf(test, "SOCK_DGRAM sendto builds the Ethernet header from { addr, protocol }", skip, () => withPair(async (p) => {
  const py = python(p.ns, PY_RECV, [p.inner, 1, ET]);
  await py.ready;
  const s = openNativeSocket(AF_PACKET, SOCK_DGRAM, ET);
  const body = payload(9, 60);
  try { await s.sendto(body, { ifname: p.outer, addr: p.innerMac, protocol: ET }); } finally { await s.close(); }
  const r = await py.done;
  const [h] = r.stdout.trim().split("\n")[1].split(" ");
  assert.is(h, hex(ethFrame(p.innerMac, p.outerMac, ET, body)));
}));

testIf(test, "frames sent by sockfam arrive at tcpdump byte for byte", skip || (have("tcpdump") ? null : "tcpdump not installed"), () => withPair(async (p) => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-cap-"));
  try {
    const file = join(dir, "c.pcap");
    const frames = [0, 1, 2].map((i) => ethFrame("02:00:00:00:00:09", p.outerMac, ET, payload(i, 100 + i)));
    const td = startIn(p.ns, "tcpdump", ["-i", p.inner, "-U", "-n", "-c", String(frames.length), "-w", file, "ether", "proto", String(ET)], { readyRe: /listening on/ });
    await td.ready;
    const s = openNativeSocket(AF_PACKET, SOCK_RAW, ET);
    try {
      await s.bind({ ifname: p.outer });
      for (const f of frames) await s.send(f);
    } finally { await s.close(); }
    const r = await td.done;
    assert.is(r.code, 0, r.stderr);
    const cap = readPcap(new Uint8Array(readFileSync(file)));
    assert.is(cap.linktype, 1);
    assert.equal(cap.frames.map(hex), frames.map(hex));
  } finally { rmSync(dir, { recursive: true, force: true }); }
}));

testIf(test, "frames sent by Python arrive at sockfam recvfrom with their link-layer address", skip, () => withPair(async (p) => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, ET);
  try {
    await s.bind({ ifname: p.outer });
    const toUs = ethFrame(p.outerMac, p.innerMac, ET, payload(1));
    const toOther = ethFrame("02:00:00:00:00:77", p.innerMac, ET, payload(2, 200));
    const py = python(p.ns, PY_SEND, [p.inner], { input: `${hex(toUs)}\n${hex(toOther)}\n`, readyRe: /sent/ });
    const [a, fa] = await s.recvfrom();
    const [b, fb] = await s.recvfrom();
    await py.done;
    assert.is(hex(a), hex(toUs));
    assert.is(hex(b), hex(toOther));
    assert.is(fa.ifname, p.outer);
    assert.is(fa.protocol, ET);
    assert.is(fa.pkttype, PACKET_HOST);
    assert.is(fb.pkttype, PACKET_OTHERHOST);
    assert.is(fa.hatype, 1, "ARPHRD_ETHER");
    assert.is(fa.addr, p.innerMac, "source MAC");
    assert.ok(fa.ifindex > 0);
    const name = s.getsockname();
    assert.is(name.ifname, p.outer);
    assert.is(name.protocol, ET);
  } finally { await s.close(); }
}));

testIf(test, "a BPF filter drops what it should (builder and tcpdump -dd program)", skip, () => withPair(async (p) => {
  const mk = (t, i) => ethFrame(p.outerMac, p.innerMac, t, payload(i));
  const sent = [mk(0x88b5, 1), mk(0x88b6, 2), mk(0x88b5, 3), mk(0x88b7, 4), mk(0x88b6, 5)];
  const a = openNativeSocket(AF_PACKET, SOCK_RAW, 3);
  const b = openNativeSocket(AF_PACKET, SOCK_RAW, 3);
  try {
    a.setFilter("ether proto 0x88b6");
    const dd = have("tcpdump") ? spawnSync("tcpdump", ["-y", "EN10MB", "-dd", "ether proto 0x88b7"], { encoding: "utf8" }).stdout : null;
    b.setFilter(dd ? { tcpdump: dd } : "ether proto 0x88b7");
    await a.bind({ ifname: p.outer });
    await b.bind({ ifname: p.outer });
    const py = python(p.ns, PY_SEND, [p.inner], { input: sent.map(hex).join("\n") + "\n", readyRe: /sent/ });
    await py.done;
    const got = [hex((await a.recv())), hex(await a.recv())];
    assert.equal(got, [hex(sent[1]), hex(sent[4])]);
    assert.is(hex(await b.recv()), hex(sent[3]));
    a.settimeout(0.3);
    try { await a.recv(); assert.unreachable("only two frames pass"); }
    catch (e) { assert.is(e.code, "ETIMEDOUT"); }
  } finally { await a.close(); await b.close(); }
}));

testIf(test, "PACKET_FANOUT splits a flow set across sockets, each flow to one socket", skip, () => withPair(async (p) => {
  const group = (process.pid & 0x7fff) + 1;
  const socks = [0, 1].map(() => openNativeSocket(AF_PACKET, SOCK_RAW, 0x0800));
  const udp = (flow, k) => {
    const ip = new Uint8Array(20 + 8 + 8);
    ip.set([0x45, 0, 0, 36, 0, 0, 0, 0, 64, 17, 0, 0, 10, 9, 0, 1 + (flow % 200), 10, 9, 1, 1]);
    ip.set([(1000 + flow) >> 8, (1000 + flow) & 255, 0x1f, 0x90, 0, 16, 0, 0], 20);
    ip[28] = flow; ip[29] = k;
    return ethFrame(p.outerMac, p.innerMac, 0x0800, ip);
  };
  try {
    for (const s of socks) { await s.bind({ ifname: p.outer }); s.joinFanout(group, PACKET_FANOUT_HASH); }
    const FLOWS = 32, PER = 3;
    const frames = [];
    for (let k = 0; k < PER; k++) for (let f = 0; f < FLOWS; f++) frames.push(udp(f, k));
    const py = python(p.ns, PY_SEND, [p.inner], { input: frames.map(hex).join("\n") + "\n", readyRe: /sent/ });
    await py.done;
    const seen = [new Map(), new Map()];
    for (let i = 0; i < 2; i++) {
      socks[i].settimeout(0.3);
      for (;;) {
        let d;
        try { d = await socks[i].recv(); } catch (e) { if (e.code === "ETIMEDOUT") break; throw e; }
        seen[i].set(d[14 + 28], (seen[i].get(d[14 + 28]) ?? 0) + 1);
      }
    }
    const total = [...seen[0].values(), ...seen[1].values()].reduce((a, b) => a + b, 0);
    assert.is(total, FLOWS * PER, "every frame reaches exactly one socket");
    assert.ok(seen[0].size > 0 && seen[1].size > 0, `both sockets get flows (${seen[0].size}/${seen[1].size})`);
    for (const f of seen[0].keys()) assert.not.ok(seen[1].has(f), `flow ${f} stays on one socket`);
  } finally { for (const s of socks) await s.close(); }
}));

testIf(test, "PACKET_STATISTICS counts drops under overload", skip, () => withPair(async (p) => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, ET);
  try {
    s.setsockopt(1, 8, 4096); // SO_RCVBUF: tiny, so an unread socket overflows
    await s.bind({ ifname: p.outer });
    s.stats(); // reset
    const N = 2000;
    const frame = hex(ethFrame(p.outerMac, p.innerMac, ET, payload(3, 500)));
    const py = python(p.ns, PY_SEND, [p.inner], { input: (frame + "\n").repeat(N), readyRe: /sent/ });
    await py.done;
    const st = s.stats();
    assert.is(st.packets, N, "every frame counted");
    assert.ok(st.drops > 0, `drops counted (${st.drops})`);
    let got = 0;
    s.settimeout(0.2);
    try { for (;;) { await s.recv(); got++; } } catch (e) { assert.is(e.code, "ETIMEDOUT"); }
    assert.is(got, N - st.drops, "received = packets - drops");
    assert.equal(s.stats(), { packets: 0, drops: 0 }, "reading resets the counters");
  } finally { await s.close(); }
}));

testIf(test, "the TPACKET_V3 ring delivers every frame in batches, in order", skip, () => withPair(async (p) => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, ET);
  try {
    s.openRing({ blockSize: 1 << 16, blockCount: 8, retireMs: 5 });
    await s.bind({ ifname: p.outer });
    const N = 300;
    const frames = Array.from({ length: N }, (_, i) => ethFrame(p.outerMac, p.innerMac, ET, payload(i, 46 + (i % 50))));
    const py = python(p.ns, PY_SEND, [p.inner], { input: frames.map(hex).join("\n") + "\n", readyRe: /sent/ });
    const got = [];
    let batches = 0;
    while (got.length < N) {
      const b = await s.recvBatch();
      batches++;
      for (let i = 0; i < b.count; i++) {
        got.push(hex(b.frame(i)));
        assert.is(b.protocol(i), ET);
        assert.is(b.wireLength(i), b.caplen(i));
        assert.ok(b.timestamp(i) > 1.6e9);
      }
    }
    await py.done;
    assert.equal(got, frames.map(hex));
    assert.ok(batches < N, `frames come in batches (${batches} batches)`);
    assert.is(s.stats().drops, 0);
  } finally { await s.close(); }
}));

testIf(test, "ring batches go straight to the WASM dissector with the same fields as dissect()", skip, () => withPair(async (p) => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, 0x0800);
  try {
    s.openRing({ blockSize: 1 << 16, blockCount: 4, retireMs: 5 });
    await s.bind({ ifname: p.outer });
    const N = 40;
    const frames = Array.from({ length: N }, (_, i) => {
      const ip = new Uint8Array(28 + i);
      ip.set([0x45, 0, 0, 28 + i, 0, i, 0, 0, 64, 17, 0, 0, 10, 1, 2, i, 10, 3, 4, 5, 0x10, i, 0x20, 0x00, 0, 8 + i, 0, 0]);
      return ethFrame(p.outerMac, p.innerMac, 0x0800, ip);
    });
    const py = python(p.ns, PY_SEND, [p.inner], { input: frames.map(hex).join("\n") + "\n", readyRe: /sent/ });
    await py.done;
    const rows = [];
    while (rows.length < N) {
      const b = await s.recvBatch();
      const copies = Array.from({ length: b.count }, (_, i) => b.frame(i).slice());
      dissectRingBatch(b, (table, first) => {
        for (let i = 0; i < table.length; i++) {
          const pk = table.packet(i);
          const one = dissect(copies[first + i]);
          rows.push({ src: pk.ipSrc, sport: pk.sport, dport: pk.dport, oneSrc: one.ipv4?.src ?? one.ip?.src, ts: pk.ts, want: [b.seconds(first + i), b.nanoseconds(first + i)] });
        }
      });
    }
    rows.forEach((r, i) => {
      assert.is(r.src, `10.1.2.${i}`);
      assert.is(r.oneSrc, r.src, "dissect() of the same frame agrees");
      assert.is(r.sport, 0x1000 + i);
      assert.is(r.dport, 0x2000);
      assert.equal(r.ts, r.want);
    });
  } finally { await s.close(); }
}));

testIf(test, "recvDissect/pollDissect read the ring straight into the dissector: every frame, in order, as dissect() sees it", skip, () => withPair(async (p) => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, 0x0800);
  try {
    s.openRing({ blockSize: 1 << 16, blockCount: 4, retireMs: 5 });
    await s.bind({ ifname: p.outer });
    assert.is(pollDissect(s, () => assert.unreachable("an empty ring has no table")), 0);
    const N = 300;
    const frames = Array.from({ length: N }, (_, i) => {
      const ip = new Uint8Array(28 + (i % 60));
      ip.set([0x45, 0, 0, 28 + (i % 60), 0, i & 255, 0, 0, 64, 17, 0, 0, 10, 1, i >> 8, i & 255, 10, 3, 4, 5, 0x10, 0, 0x20, 0x00, 0, 8 + (i % 60), 0, 0]);
      return ethFrame(p.outerMac, p.innerMac, 0x0800, ip);
    });
    const py = python(p.ns, PY_SEND, [p.inner], { input: frames.map(hex).join("\n") + "\n", readyRe: /sent/ });
    const rows = [];
    let calls = 0;
    s.settimeout(10);
    while (rows.length < N) {
      calls++;
      const n = await recvDissect(s, (table) => {
        for (let i = 0; i < table.length; i++) {
          const pk = table.packet(i);
          const bytes = pk.frame.slice();
          // a dissect() inside the visitor leaves the live table as it was
          const one = dissect(bytes);
          rows.push({ src: pk.ipSrc, sport: pk.sport, frame: hex(pk.frame), copy: hex(bytes), oneSrc: one.ipv4?.src ?? one.ip?.src, ts: pk.ts });
        }
      });
      assert.ok(n > 0);
    }
    await py.done;
    assert.is(rows.length, N);
    rows.forEach((r, i) => {
      assert.is(r.frame, hex(frames[i]), `frame ${i} as sent`);
      assert.is(r.copy, r.frame, "the live frame outlives a nested dissect()");
      assert.is(r.src, `10.1.${i >> 8}.${i & 255}`);
      assert.is(r.oneSrc, r.src, "dissect() of the same frame agrees");
      assert.is(r.sport, 0x1000);
      assert.ok(r.ts[0] > 1.6e9 && r.ts[1] < 1e9, "kernel timestamp");
    });
    assert.ok(calls < N, `frames come in batches (${calls} calls)`);
    s.settimeout(0.05);
    const err = await recvDissect(s).then(() => null, (e) => e);
    assert.is(err?.code, "ETIMEDOUT", "an idle ring times out as recvBatch does");
  } finally { await s.close(); }
}));

testIf(test, "promiscuous mode is on while the socket holds it", skip, () => withPair(async (p) => {
  const promisc = () => Number(/promiscuity (\d+)/.exec(spawnSync("ip", ["-d", "link", "show", p.outer], { encoding: "utf8" }).stdout)?.[1]) > 0;
  assert.not.ok(promisc());
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, 3);
  s.setPromisc(p.outer);
  assert.ok(promisc(), "promiscuity counted");
  await s.close();
  assert.not.ok(promisc(), "released on close");
}));

testIf(test, "PACKET_ADD_MEMBERSHIP joins a link-layer multicast group until dropped", skip, () => withPair(async (p) => {
  const groups = () => spawnSync("ip", ["maddr", "show", "dev", p.outer], { encoding: "utf8" }).stdout;
  const group = "01:00:5e:7f:00:42";
  assert.not.ok(groups().includes(group));
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, 3);
  try {
    s.addMembership(p.outer, 0, group); // PACKET_MR_MULTICAST
    assert.ok(groups().includes(group), groups());
    s.dropMembership(p.outer, 0, group);
    assert.not.ok(groups().includes(group));
  } finally { await s.close(); }
}));

testIf(test, "AF_PACKET errors: unknown interface, send before bind", skip, async () => {
  const s = openNativeSocket(AF_PACKET, SOCK_RAW, 3);
  try {
    try { await s.bind({ ifname: "sfnosuch0" }); assert.unreachable(); } catch (e) { assert.is(e.code, "ENODEV"); assert.match(e.message, /ip link/); }
    try { await s.send(new Uint8Array(60)); assert.unreachable(); } catch (e) { assert.is(e.code, "EDESTADDRREQ"); }
  } finally { await s.close(); }
});

test.run();
