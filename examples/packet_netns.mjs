// AF_PACKET send and capture over a veth pair this program creates: one end
// (sfxa<pid>) stays here, the other (sfxb<pid>) goes into a private network
// namespace with address 10.77.0.2. An Ethernet frame carrying an ICMP echo
// request is sent raw on our end; the namespace's kernel answers, and our
// capture socket receives the reply, which the WASM core dissects. The
// namespace and the veth pair are removed at the end. Needs root (prints a
// note and exits otherwise) and iproute2.
// Run: sudo node examples/packet_netns.mjs | sudo deno run -A examples/packet_netns.mjs
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { socket, AF_PACKET, SOCK_RAW, ETH_P_IP, SocketError } from "sockfam";
import { buildPacket, dissect } from "sockfam/core";

const root = typeof process.getuid === "function" && process.getuid() === 0;
if (!root) {
  console.log("skipped: this example needs root (it creates a network namespace and opens AF_PACKET sockets)");
  process.exit(0);
}
if (!existsSync(new URL("../build/Release/sockfam_native.node", import.meta.url))) {
  console.log("note: the native shim is not built (npm run build): AF_PACKET sockets need it");
  process.exit(0);
}

const tag = String(process.pid % 1000000);
const ns = `sfxns${tag}`, outer = `sfxa${tag}`, inner = `sfxb${tag}`;
const ip = (...args) => {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr.trim() || r.error?.message}`);
};
const cleanup = () => {
  spawnSync("ip", ["link", "del", outer], { stdio: "ignore" });
  spawnSync("ip", ["netns", "del", ns], { stdio: "ignore" });
};

let s;
try {
  ip("netns", "add", ns);
  ip("link", "add", outer, "type", "veth", "peer", "name", inner);
  ip("link", "set", inner, "netns", ns);
  ip("link", "set", outer, "up");
  ip("-n", ns, "addr", "add", "10.77.0.2/24", "dev", inner);
  ip("-n", ns, "link", "set", inner, "up");
  const outerMac = readFileSync(`/sys/class/net/${outer}/address`, "utf8").trim();
  // Our end has no IP address: tell the namespace where 10.77.0.1 is, so it can answer without ARP.
  ip("-n", ns, "neigh", "add", "10.77.0.1", "lladdr", outerMac, "dev", inner, "nud", "permanent");
  const r = spawnSync("ip", ["-n", ns, "-o", "link", "show", inner], { encoding: "utf8" });
  const innerMac = /link\/ether ([0-9a-f:]{17})/.exec(r.stdout)?.[1];
  console.log(`veth ${outer} (${outerMac}) <-> ${inner} (${innerMac}) in netns ${ns}`);

  s = socket(AF_PACKET, SOCK_RAW, ETH_P_IP);               // IPv4 frames only; host-order protocol
  await s.bind({ ifname: outer, protocol: ETH_P_IP });
  const request = buildPacket({
    eth: { src: outerMac, dst: innerMac },
    ipv4: { src: "10.77.0.1", dst: "10.77.0.2" },
    icmp: { type: 8, id: process.pid & 0xffff, seq: 1 },
    payload: "hello from AF_PACKET",
  });
  await s.send(request);
  console.log(`sent ${request.length} bytes on ${outer}`);
  s.settimeout(3);
  for (;;) {
    const [frame, from] = await s.recvfrom(2048);
    const p = dissect(frame);
    if (p.icmp?.type !== 0) continue;                       // our request passes by as PACKET_OUTGOING
    console.log(`captured ${frame.length} bytes on ${from.ifname} (pkttype ${from.pkttype}): ` +
      `${p.eth?.src} > ${p.eth?.dst}, ${p.ipv4?.src} > ${p.ipv4?.dst}, icmp echo reply, checksums ok: ${p.ipv4?.checksumOk && p.icmp?.checksumOk}`);
    break;
  }
} catch (e) {
  if (e instanceof SocketError && e.code === "EPERM") console.log(`skipped: ${e.message}`);
  else throw e;
} finally {
  await s?.close();
  cleanup();
  console.log(`removed ${outer} and netns ${ns}`);
}
