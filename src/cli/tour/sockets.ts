/**
 * Tour section: sockets — an echo over TCP, UDP and a UNIX stream socket with
 * a python3 peer (Python's own socket module) when python3 is installed, then
 * a quick UDP round-trip figure beside the runtime's own API.
 *
 * @example
 * ```sh
 * sockfam tour sockets
 * ```
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TourSection } from "./section.ts";
import { loadAdapter, runtimeKind } from "../_adapter.ts";
import type { Socket, SocketFactory } from "../../core/socket/types.ts";
import type { SocketAddress } from "../../core/address/types.ts";
import { AF_INET, AF_UNIX, SHUT_WR, SOCK_DGRAM, SOCK_STREAM } from "../../core/constants.ts";

const te = new TextEncoder();
const td = new TextDecoder();
const isDeno = runtimeKind === "deno";

// A python3 echo peer: prints its address, echoes one TCP/UNIX connection or 200 datagrams.
const PY_ECHO = `
import socket, sys
kind = sys.argv[1]
if kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(5)
    print(s.getsockname()[1], flush=True)
    try:
        while True:
            d, a = s.recvfrom(2048)
            s.sendto(d, a)
    except socket.timeout:
        pass
else:
    fam = socket.AF_UNIX if kind == "unix" else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM); s.bind(sys.argv[2] if kind == "unix" else ("127.0.0.1", 0)); s.listen(1)
    print(sys.argv[2] if kind == "unix" else s.getsockname()[1], flush=True)
    c, _ = s.accept()
    while True:
        d = c.recv(65536)
        if not d: break
        c.sendall(d.upper())
    c.close()
`;

function findPython(): string | null {
  for (const p of ["/usr/bin/python3", "python3"]) {
    try {
      if (spawnSync(p, ["-c", "import socket"], { stdio: "ignore" }).status === 0) return p;
    } catch { /* not there */ }
  }
  return null;
}

/** Starts the python peer and resolves to [first stdout line, stop()]. */
function startPeer(python: string, args: string[]): Promise<[string, () => void]> {
  const child = spawn(python, ["-u", "-c", PY_ECHO, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d) => {
      buf += d;
      const i = buf.indexOf("\n");
      if (i >= 0) resolve([buf.slice(0, i), () => child.kill()]);
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`python peer exited (${code})`)));
  });
}


async function streamEcho(socket: SocketFactory, family: number, address: SocketAddress, text: string): Promise<string> {
  const s = socket(family, SOCK_STREAM);
  try {
    await s.connect(address);
    await s.sendall(te.encode(text));
    await s.shutdown(SHUT_WR);
    let out = "";
    for await (const chunk of s) out += td.decode(chunk);
    return out;
  } finally {
    await s.close();
  }
}

/** sockfam UDP round trips per second against an echo at `to`. */
async function sockfamRate(socket: SocketFactory, to: SocketAddress, ms: number): Promise<number> {
  const s: Socket = socket(AF_INET, SOCK_DGRAM);
  try {
    await s.bind({ host: "127.0.0.1", port: 0 });
    await s.connect(to);
    const msg = new Uint8Array(64);
    for (let i = 0; i < 100; i++) { await s.send(msg); await s.recv(2048); }
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) { await s.send(msg); await s.recv(2048); n++; }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await s.close();
  }
}

/** The runtime's own UDP API doing the same, or null when unavailable. */
async function rawRate(to: { host: string; port: number }, ms: number): Promise<number | null> {
  const msg = new Uint8Array(64);
  if (isDeno) {
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    if (typeof D.listenDatagram !== "function") return null;
    const c = D.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    const addr = { transport: "udp", hostname: to.host, port: to.port };
    for (let i = 0; i < 100; i++) { await c.send(msg, addr); await c.receive(); }
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) { await c.send(msg, addr); await c.receive(); n++; }
    const rate = n / ((performance.now() - t0) / 1000);
    c.close();
    return rate;
  }
  const dgram = await import("node:dgram");
  const c = dgram.createSocket("udp4");
  await new Promise<void>((r) => c.bind(0, "127.0.0.1", () => r()));
  await new Promise<void>((r) => c.connect(to.port, to.host, () => r()));
  let wake: () => void = () => {};
  c.on("message", () => wake());
  const rt = () => new Promise<void>((r) => { wake = r; c.send(msg); });
  for (let i = 0; i < 100; i++) await rt();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) { await rt(); n++; }
  const rate = n / ((performance.now() - t0) / 1000);
  c.close();
  return rate;
}

/** Echo over TCP/UDP/UNIX with a python peer, then a round-trip figure. */
export const socketsSection: TourSection = {
  name: "sockets",
  title: "Sockets (TCP, UDP, UNIX stream; Python's socket module as the peer)",
  async run() {
    let sf: { socket: SocketFactory };
    try {
      sf = await loadAdapter();
    } catch (e) {
      console.log(`  skipped: the socket adapter did not load (${(e as Error).message})`);
      return;
    }
    const { socket } = sf;
    const python = findPython();
    if (!python) console.log("  (python3 not found: the peers below are sockfam's own sockets)");
    const dir = mkdtempSync(join(tmpdir(), "sockfam-tour-"));
    const stops: Array<() => void> = [];
    try {
      // TCP
      if (python) {
        const [port, stop] = await startPeer(python, ["tcp"]);
        stops.push(stop);
        const reply = await streamEcho(socket, AF_INET, { host: "127.0.0.1", port: Number(port) }, "hello over tcp");
        console.log(`  TCP   sockfam -> python 127.0.0.1:${port}: sent "hello over tcp", python answered "${reply}"`);
        const path = join(dir, "py.sock");
        const [, stopUnix] = await startPeer(python, ["unix", path]);
        stops.push(stopUnix);
        const r2 = await streamEcho(socket, AF_UNIX, { path }, "hello over unix");
        console.log(`  UNIX  sockfam -> python ${path}: python answered "${r2}"`);
      } else {
        const srv = socket(AF_INET, SOCK_STREAM);
        await srv.bind({ host: "127.0.0.1", port: 0 });
        await srv.listen();
        const echo = srv.accept().then(async ([c]) => { for await (const d of c) await c.sendall(te.encode(td.decode(d).toUpperCase())); await c.close(); });
        const reply = await streamEcho(socket, AF_INET, srv.getsockname(), "hello over tcp");
        await echo;
        await srv.close();
        console.log(`  TCP   sockfam -> sockfam: "${reply}"`);
      }
      // UDP
      let udpPeer: { host: string; port: number } | null = null;
      try {
        if (python) {
          const [port, stop] = await startPeer(python, ["udp"]);
          stops.push(stop);
          udpPeer = { host: "127.0.0.1", port: Number(port) };
        } else {
          const e = socket(AF_INET, SOCK_DGRAM);
          await e.bind({ host: "127.0.0.1", port: 0 });
          (async () => { try { for (;;) { const [d, a] = await e.recvfrom(); await e.sendto(d, a); } } catch { /* closed */ } })();
          stops.push(() => void e.close());
          udpPeer = e.getsockname() as { host: string; port: number };
        }
        const u = socket(AF_INET, SOCK_DGRAM);
        await u.bind({ host: "127.0.0.1", port: 0 });
        await u.connect(udpPeer);
        await u.send(te.encode("hello over udp"));
        const [d, from] = await u.recvfrom();
        await u.close();
        console.log(`  UDP   bind+connect to ${(from as { port: number }).port}: "${td.decode(d)}" came back`);
      } catch (e) {
        console.log(`  UDP   skipped: ${(e as Error).message}`);
        udpPeer = null;
      }
      // Figures
      if (udpPeer) {
        const ms = 300;
        // Warm both paths up first (the JIT), then take the best of two alternating rounds each.
        await sockfamRate(socket, udpPeer, 150);
        await rawRate(udpPeer, 150);
        let ours = 0, raw: number | null = 0;
        for (let round = 0; round < 2; round++) {
          ours = Math.max(ours, await sockfamRate(socket, udpPeer, ms));
          const r = await rawRate(udpPeer, ms);
          raw = r === null ? null : Math.max(raw ?? 0, r);
        }
        const k = (v: number) => `${(v / 1000).toFixed(1)}k`;
        const runtime = isDeno ? "Deno.listenDatagram" : "node:dgram";
        const w = Math.max(runtime.length, 16);
        console.log(`  UDP 64-byte round trips/s against the ${python ? "python" : "sockfam"} echo (best of 2 x ${ms} ms, after warm-up):`);
        console.log(`    ${"sockfam socket()".padEnd(w)}  ${k(ours).padStart(8)}`);
        console.log(raw === null ? `    ${runtime}: unavailable` : `    ${runtime.padEnd(w)}  ${k(raw).padStart(8)}   (sockfam ${(ours / raw).toFixed(2)}x; a loaded machine makes this noisy: see bench/sockets.bench.mjs)`);
      }
    } finally {
      for (const s of stops) s();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
