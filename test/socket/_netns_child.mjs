// Runs one scenario inside a network namespace (started by netns.test.mjs via
// `ip netns exec`) and prints one JSON line with what happened.
import { adapter } from "../_harness.mjs";

const sf = await adapter();
const scenario = (globalThis.Deno ? Deno.args : process.argv.slice(2))[0];
const out = {};
const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

async function withTimeout(p, ms) {
  let t;
  try {
    return await Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error("timeout")), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

if (scenario === "mcast4") {
  const group = "239.77.1.2";
  const rx = sf.socket(sf.AF_INET, sf.SOCK_DGRAM);
  rx.setsockopt(sf.SOL_SOCKET, sf.SO_REUSEADDR, 1);
  await rx.bind({ host: "0.0.0.0", port: 0 });
  await rx.setsockopt(sf.IPPROTO_IP, sf.IP_ADD_MEMBERSHIP, sf.inetMreq(group, "127.0.0.1"));
  const tx = sf.socket(sf.AF_INET, sf.SOCK_DGRAM);
  tx.setsockopt(sf.IPPROTO_IP, sf.IP_MULTICAST_LOOP, 1);
  await tx.bind({ host: "127.0.0.1", port: 0 });
  try {
    await tx.setsockopt(sf.IPPROTO_IP, sf.IP_MULTICAST_TTL, 1);
  } catch (e) {
    out.ttlError = e.code; // Deno sets it only through a membership
  }
  await tx.sendto(enc("to the group"), { host: group, port: rx.getsockname().port });
  try {
    const [data, from] = await withTimeout(rx.recvfrom(), 3000);
    out.received = dec(data);
    out.from = from;
  } catch (e) {
    out.error = e.message;
  }
  await rx.setsockopt(sf.IPPROTO_IP, sf.IP_DROP_MEMBERSHIP, sf.inetMreq(group, "127.0.0.1"));
  await tx.sendto(enc("after leaving"), { host: group, port: rx.getsockname().port });
  try {
    const [data] = await withTimeout(rx.recvfrom(), 300);
    out.afterDrop = dec(data);
  } catch {
    out.afterDrop = null;
  }
  await rx.close();
  await tx.close();
} else if (scenario === "mcast6") {
  // Receiver joins `group` on the veth end `rxIndex`; Python sends out of the other end.
  const [, group, rxIndex, txIndex] = globalThis.Deno ? Deno.args : process.argv.slice(2);
  const rx = sf.socket(sf.AF_INET6, sf.SOCK_DGRAM);
  await rx.bind({ host: "::", port: 0 });
  const port = rx.getsockname().port;
  try {
    await rx.setsockopt(sf.IPPROTO_IPV6, sf.IPV6_JOIN_GROUP, sf.inet6Mreq(group, Number(rxIndex)));
    const { spawn } = await import("node:child_process");
    const pyCode = "import socket,sys\nt=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\nt.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_MULTICAST_IF,int(sys.argv[3]))\nt.sendto(b'to the v6 group',(sys.argv[1],int(sys.argv[2]),0,int(sys.argv[3])))\n";
    const child = spawn("/usr/bin/python3", ["-c", pyCode, group, String(port), txIndex], { stdio: "inherit" });
    const [data, from] = await withTimeout(rx.recvfrom(), 3000);
    out.received = dec(data);
    out.from = from;
    await new Promise((res) => child.on("close", res));
  } catch (e) {
    out.error = `${e.code ?? ""} ${e.message}`;
  }
  await rx.close();
} else if (scenario === "eperm") {
  // The namespace's nftables output chain drops UDP to port 9: the kernel answers sendto with EPERM.
  const s = sf.socket(sf.AF_INET, sf.SOCK_DGRAM);
  try {
    await s.sendto(enc("x"), { host: "127.0.0.1", port: 9 });
    out.code = "sent";
  } catch (e) {
    out.code = e.code;
    out.isSocketError = e instanceof sf.SocketError;
    out.message = e.message;
  }
  await s.close();
}
console.log(JSON.stringify(out));
