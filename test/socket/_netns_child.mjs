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
    const exited = new Promise((res) => child.on("close", res)); // before any await: the child may finish first
    const [data, from] = await withTimeout(rx.recvfrom(), 3000);
    out.received = dec(data);
    out.from = from;
    await exited;
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
if (scenario === "scope6") {
  // Link-local both ways: scopes given as a name, an index and a %zone; returned addresses carry the index.
  const [ll, name, index] = (globalThis.Deno ? Deno.args : process.argv.slice(2)).slice(1);
  const idx = Number(index);
  const rx = sf.socket(sf.AF_INET6, sf.SOCK_DGRAM), tx = sf.socket(sf.AF_INET6, sf.SOCK_DGRAM);
  await rx.bind({ host: ll, port: 0, scopeId: name });
  out.rxName = rx.getsockname();
  await tx.bind({ host: `${ll}%${name}`, port: 0 });
  await tx.sendto(enc("scoped"), { host: ll, port: out.rxName.port, scopeId: idx });
  const [d, from] = await withTimeout(rx.recvfrom(), 5000);
  out.udp = { data: dec(d), from };
  const { spawn } = await import("node:child_process");
  const py = spawn("/usr/bin/python3", ["-u", "-c", `
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind((sys.argv[1], 0, 0, int(sys.argv[2]))); s.settimeout(5)
print(s.getsockname()[1], flush=True)
d, a = s.recvfrom(100); s.sendto(d.upper(), a); print(a[3], flush=True)
`, ll, String(idx)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = [];
  let wake;
  py.stdout.on("data", (c) => { lines.push(...String(c).trim().split("\n")); wake?.(); });
  const line = async () => { while (!lines.length) await new Promise((r) => (wake = r)); return lines.shift(); };
  const pyPort = Number(await withTimeout(line(), 5000));
  await rx.sendto(enc("to python"), { host: ll, port: pyPort, scopeId: name });
  const [back, pyFrom] = await withTimeout(rx.recvfrom(), 5000);
  out.python = { data: dec(back), from: pyFrom, sawScope: Number(await withTimeout(line(), 5000)) };
  const srv = sf.socket(sf.AF_INET6, sf.SOCK_STREAM);
  await srv.bind({ host: ll, port: 0, scopeId: idx });
  await srv.listen();
  const c = sf.socket(sf.AF_INET6, sf.SOCK_STREAM);
  const [, [conn, peer]] = await withTimeout(Promise.all([c.connect({ host: ll, port: srv.getsockname().port, scopeId: name }), srv.accept()]), 5000);
  await c.sendall(enc("tcp scoped"));
  out.tcp = { data: dec(await withTimeout(conn.recv(), 5000)), peer, peername: c.getpeername(), sockname: srv.getsockname() };
  out.errors = {};
  for (const [k, scopeId] of [["nosuch", "nosuch9"], ["space", "bad name"], ["frac", 1.5]]) {
    const e = sf.socket(sf.AF_INET6, sf.SOCK_STREAM);
    try { await e.connect({ host: ll, port: 9, scopeId }); out.errors[k] = "connected"; } catch (err) { out.errors[k] = err.code; }
    await e.close();
  }
  for (const s of [rx, tx, srv, c, conn]) await s.close();
}
console.log(JSON.stringify(out));
