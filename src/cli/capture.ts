/**
 * `sockfam capture -i IFACE [-c N] [-w FILE] [--filter EXPR] [--promisc]`:
 * captures frames from an interface on a TPACKET_V3 ring. With -w it writes
 * pcap (or pcapng when FILE ends in .pcapng) that tcpdump and tshark open;
 * otherwise it prints one dissected line per frame. On a terminal it shows a
 * live count and the kernel's drop figure. Needs CAP_NET_RAW.
 *
 * @example
 * ```sh
 * sockfam capture -i veth0 -c 10                       # print 10 frames
 * sockfam capture -i veth0 -w out.pcap --filter "udp and port 53" --promisc
 * ```
 * @module
 */
import type { Command } from "./main.ts";
import { SocketError } from "../core/errors.ts";
import { AF_PACKET, ETH_P_ALL, SOCK_RAW } from "../core/constants.ts";
import type { PacketSocket, FilterSpec } from "../core/native/socket.ts";
import { compileFilter, parseTcpdumpProgram, type BpfInsn } from "../core/native/bpf.ts";
import { dissectRingBatch } from "../core/native/ring_dissect.ts";
import { pcapHeader, pcapRecord, pcapngHeader, pcapngRecord } from "../core/pcap/writer.ts";
import { line } from "./dissect.ts";
import { loadNative } from "./_adapter.ts";

/** Opens a native socket with the running runtime's shim (Node addon, Deno FFI or bun:ffi). */
export async function openPacketSocket(family: number, type: number, proto: number): Promise<PacketSocket> {
  const mod = await loadNative();
  return mod.openNativeSocket(family, type, proto) as unknown as PacketSocket;
}

/** Reads `-x value` / `--name value` style options; flags without values are true. */
export function parseArgs(args: string[], withValue: string[]): { opts: Record<string, string | true>; rest: string[] } {
  const opts: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("-") && a !== "-") {
      const eq = a.indexOf("=");
      const key = (eq > 0 ? a.slice(0, eq) : a).replace(/^-+/, "");
      if (eq > 0) opts[key] = a.slice(eq + 1);
      else if (withValue.includes(key)) {
        if (i + 1 >= args.length) throw new SocketError("EINVAL", `option ${a} needs a value`);
        opts[key] = args[++i]!;
      } else opts[key] = true;
    } else rest.push(a);
  }
  return { opts, rest };
}

/** A filter expression as a program: the builder's, or tcpdump's (-dd) when the builder does not know it. */
async function filterFor(expr: string, ifname: string): Promise<FilterSpec> {
  try {
    return compileFilter(expr);
  } catch (e) {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync("tcpdump", ["-i", ifname, "-dd", expr], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.includes("{")) return { tcpdump: r.stdout };
    throw e;
  }
}

/** The capture command. */
export const command: Command = {
  summary: "capture frames from an interface (-i IFACE [-c N] [-w FILE] [--filter EXPR] [--promisc])",
  async run(args) {
    const { opts } = parseArgs(args, ["i", "interface", "c", "count", "w", "write", "filter", "f", "snaplen"]);
    const ifname = (opts.i ?? opts.interface) as string | undefined;
    if (!ifname || ifname === (true as unknown)) {
      console.error("usage: sockfam capture -i IFACE [-c N] [-w FILE(.pcap|.pcapng)] [--filter EXPR] [--promisc] [--json]");
      return 2;
    }
    const count = Number(opts.c ?? opts.count ?? Infinity);
    const file = (opts.w ?? opts.write) as string | undefined;
    const filter = (opts.filter ?? opts.f) as string | undefined;
    const json = opts.json === true;
    const fs = await import("node:fs");
    const s = await openPacketSocket(AF_PACKET, SOCK_RAW, ETH_P_ALL);
    let fd = -1;
    let captured = 0, drops = 0;
    const ng = !!file && /\.pcapng$/i.test(file);
    const tty = !!(globalThis as { process?: { stderr?: { isTTY?: boolean } } }).process?.stderr?.isTTY && !!file;
    const stop = () => { void s.close(); };
    const proc = (globalThis as { process?: { once(ev: string, f: () => void): void; off(ev: string, f: () => void): void } }).process;
    proc?.once("SIGINT", stop);
    try {
      // On loopback every frame is seen twice (leaving and arriving); like libpcap, keep the arriving copy.
      let loopback = false;
      try { loopback = fs.readFileSync(`/sys/class/net/${ifname}/type`, "utf8").trim() === "772"; } catch { /* not Linux sysfs */ }
      if (filter || loopback) {
        let prog = filter ? await filterFor(filter, ifname) : compileFilter("");
        if (loopback) {
          const base = Array.isArray(prog) ? prog as BpfInsn[] : parseTcpdumpProgram((prog as { tcpdump: string }).tcpdump);
          // ld [pkttype] (SKF_AD_OFF + SKF_AD_PKTTYPE); jeq #PACKET_OUTGOING -> ret #0
          prog = [{ code: 0x20, jt: 0, jf: 0, k: 0xfffff004 }, { code: 0x15, jt: 0, jf: 1, k: 4 }, { code: 0x06, jt: 0, jf: 0, k: 0 }, ...base];
        }
        s.setFilter(prog);
      }
      if (opts.promisc) s.setPromisc(ifname);
      s.openRing({ retireMs: 50 });
      await s.bind({ ifname, protocol: ETH_P_ALL });
      if (file) {
        fd = fs.openSync(file, "w");
        fs.writeSync(fd, ng ? pcapngHeader({ interfaces: [{ linktype: 1, name: ifname }] }) : pcapHeader({ linktype: 1, nanosecond: true }));
      }
      console.error(`capturing on ${ifname}${filter ? ` (filter: ${filter})` : ""}${file ? `, writing ${ng ? "pcapng" : "pcap"} to ${file}` : ""}`);
      let lastShown = 0;
      for await (const batch of s.batches()) {
        const take = Math.min(batch.count, count - captured);
        if (file) {
          // One write per batch, not per frame.
          const parts: Uint8Array[] = [];
          let total = 0;
          for (let i = 0; i < take; i++) {
            const rec = { data: batch.frame(i), origLength: batch.wireLength(i), tsSec: batch.seconds(i), tsNsec: batch.nanoseconds(i) };
            const p = ng ? pcapngRecord(rec, 9) : pcapRecord(rec, true);
            parts.push(p);
            total += p.length;
          }
          const out = new Uint8Array(total);
          for (let i = 0, o = 0; i < parts.length; o += parts[i]!.length, i++) out.set(parts[i]!, o);
          fs.writeSync(fd, out);
        } else {
          batch.count = take;
          dissectRingBatch(batch, (table, first) => {
            const out: string[] = [];
            let n = first;
            for (const p of table) {
              n++;
              out.push(json ? JSON.stringify({ n: captured + n, ...p.toJSON() }) : line(captured + n, p));
            }
            console.log(out.join("\n"));
          });
        }
        captured += take;
        drops += s.stats().drops;
        if (tty && Date.now() - lastShown > 200) {
          lastShown = Date.now();
          (globalThis as unknown as { process: { stderr: { write(s: string): void } } }).process.stderr.write(`\r${captured} packets, ${drops} dropped`);
        }
        if (captured >= count) break;
      }
    } finally {
      proc?.off("SIGINT", stop);
      if (!s.closed) { drops += s.stats().drops; await s.close(); }
      if (fd >= 0) fs.closeSync(fd);
    }
    console.error(`${tty ? "\r" : ""}${captured} packets captured, ${drops} dropped by the kernel`);
    return 0;
  },
};
