/**
 * Tour section: AF_PACKET on a veth pair this section creates and removes
 * (both ends in the root namespace, IPv6 off, frames addressed to a MAC
 * nobody has, so no host traffic). A batched sendmmsg sender pushes 64-byte
 * UDP frames; the sockfam TPACKET_V3 ring (with WASM dissection) and
 * Python's AF_PACKET socket receive the same frames at the same time. Then a
 * BPF filter and an ICMP echo over a raw socket. Needs root.
 */
import type { TourSection } from "./section.ts";
import { AF_PACKET, ETH_P_IP, SOCK_RAW } from "../../core/constants.ts";
import { dissectRingBatch } from "../../core/dissect/ring_batch.ts";
import type { PacketTable } from "../../core/dissect/table.ts";
import { openPacketSocket } from "../_packet_socket.ts";
import { ping } from "../_ping.ts";

interface Proc { getuid?(): number; pid: number }

function udpFrame(src: Uint8Array, size: number): Uint8Array {
  const f = new Uint8Array(size);
  f.set([0x02, 0, 0, 0, 0, 0x99, ...src, 0x08, 0x00]);
  const ipLen = size - 14;
  f.set([0x45, 0, ipLen >> 8, ipLen & 255, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 99, 0, 1, 10, 99, 0, 2], 14);
  f.set([0x30, 0x39, 0, 9, (ipLen - 20) >> 8, (ipLen - 20) & 255, 0, 0], 34);
  return f;
}

/** The AF_PACKET section. */
export const packetSection: TourSection = {
  name: "packet",
  title: "Native sockets: AF_PACKET ring, BPF, raw ICMP",
  async run() {
    const proc = (globalThis as unknown as { process: Proc }).process;
    if (proc.getuid?.() !== 0) {
      console.log("  skipped: needs root (CAP_NET_RAW and a veth pair); run `sudo npm start` to see it");
      return;
    }
    const { spawnSync, spawn } = await import("node:child_process");
    const fs = await import("node:fs");
    const a = `sfta${proc.pid % 100000}`, b = `sftb${proc.pid % 100000}`;
    const ip = (...args: string[]) => spawnSync("ip", args, { stdio: "ignore" }).status === 0;
    if (!ip("link", "add", a, "type", "veth", "peer", "name", b)) {
      console.log("  skipped: could not create a veth pair (no `ip` or no veth support)");
      return;
    }
    try {
      for (const x of [a, b]) {
        spawnSync("sysctl", ["-qw", `net.ipv6.conf.${x}.disable_ipv6=1`], { stdio: "ignore" });
        ip("link", "set", x, "up");
      }
      const mac = fs.readFileSync(`/sys/class/net/${a}/address`, "utf8").trim().split(":").map((h) => parseInt(h, 16));
      const N = 100_000, SIZE = 64;
      let rx;
      try {
        rx = await openPacketSocket(AF_PACKET, SOCK_RAW, ETH_P_IP);
      } catch (e) {
        console.log(`  skipped: ${(e as Error).message}`);
        return;
      }
      const tx = await openPacketSocket(AF_PACKET, SOCK_RAW, 0);
      // Python's AF_PACKET socket on the same interface, as the peer.
      const py = spawn(fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3", ["-c", `
import socket, struct, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800)); s.bind((sys.argv[1], 0))
s.settimeout(5); print("ready", flush=True); n = 0
try:
    while True:
        s.recv(2048); n += 1; s.settimeout(0.5)
except socket.timeout: pass
print(n, struct.unpack("II", s.getsockopt(263, 6, 8))[1], flush=True)
`, b], { stdio: ["ignore", "pipe", "ignore"] });
      let pyOut = "";
      const pyReady = new Promise<void>((r) => py.stdout!.on("data", (d) => { pyOut += d; if (pyOut.includes("ready")) r(); }));
      const pyDone = new Promise<void>((r) => py.on("close", () => r()));
      let received = 0, udp = 0;
      try {
        rx.openRing({ blockSize: 1 << 20, blockCount: 16, retireMs: 5 });
        await rx.bind({ ifname: b });
        await tx.bind({ ifname: a, protocol: 0 });
        await Promise.race([pyReady, pyDone]);
        const frame = udpFrame(Uint8Array.from(mac), SIZE);
        const BATCH = 1024;
        const data = new Uint8Array(SIZE * BATCH);
        for (let i = 0; i < BATCH; i++) data.set(frame, i * SIZE);
        const lengths = new Uint32Array(BATCH).fill(SIZE);
        const visit = (t: PacketTable) => { const ports = t.column("PORTS"); for (let i = 0; i < t.length; i++) if ((ports[i]! & 0xffff) === 9) udp++; };
        const t0 = performance.now();
        let sent = 0;
        const drain = () => { const batch = rx.pollBatch(); received += batch.count; dissectRingBatch(batch, visit); };
        while (sent < N) {
          sent += await tx.sendBatch({ data, lengths, count: Math.min(BATCH, N - sent) });
          drain(); // one thread sends and receives here: take what the ring holds between send batches
        }
        const sendMs = performance.now() - t0;
        rx.settimeout(0.3);
        try { for (;;) { const batch = await rx.recvBatch(); received += batch.count; dissectRingBatch(batch, visit); } }
        catch (e) { if ((e as { code?: string }).code !== "ETIMEDOUT") throw e; }
        const drops = rx.stats().drops;
        await pyDone;
        const [pyN, pyDrops] = pyOut.trim().split("\n").pop()!.split(" ").map(Number);
        console.log(`  sent ${N} ${SIZE}-byte frames with sendmmsg in ${sendMs.toFixed(0)} ms (${((N / sendMs) * 1000 / 1e6).toFixed(2)}M frames/s offered)`);
        console.log(`  * sockfam TPACKET_V3 ring + WASM dissect: ${received}/${N} received, ${drops} dropped, ${udp} dissected as UDP to port 9`);
        console.log(`    python3 AF_PACKET socket.recv():        ${pyN}/${N} received, ${pyDrops} dropped  (same frames, same time)`);
        // A filter: only UDP port 9 passes, so ARP from the other end does not.
        const f = await openPacketSocket(AF_PACKET, SOCK_RAW, 3);
        try {
          f.setFilter("udp and dst port 9");
          await f.bind({ ifname: b });
          const arp = new Uint8Array(60);
          arp.set([255, 255, 255, 255, 255, 255, ...mac, 0x08, 0x06]);
          await tx.send(arp);
          await tx.send(frame);
          f.settimeout(0.5);
          const got = await f.recv();
          console.log(`  BPF "udp and dst port 9": the ARP frame was dropped, the ${got.length}-byte UDP frame passed`);
        } finally { await f.close(); }
      } finally {
        await rx.close();
        await tx.close();
        py.kill();
      }
      const replies = await ping("127.0.0.1", { count: 1, timeout: 1 });
      console.log(replies.length ? `  raw ICMP echo to 127.0.0.1: reply in ${replies[0]!.ms.toFixed(3)} ms (ttl ${replies[0]!.ttl})` : "  raw ICMP echo to 127.0.0.1: no reply");
    } finally {
      ip("link", "del", a);
    }
  },
};
