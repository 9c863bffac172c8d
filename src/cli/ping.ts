/**
 * `sockfam ping HOST [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE]`: ICMP
 * (or ICMPv6) echo over a raw socket, printing one line per reply like
 * ping(8). Also usable as a library function, {@link ping}. Needs CAP_NET_RAW.
 *
 * @example
 * ```sh
 * sockfam ping 127.0.0.1 -c 3
 * ```
 * @module
 */
import type { Command } from "./main.ts";
import { AF_INET, AF_INET6, IPPROTO_ICMP, IPPROTO_ICMPV6, SOCK_RAW } from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import { ipVersion } from "../core/socket/ip.ts";
import { inetChecksum } from "../core/checksum/inet.ts";
import type { InetAddress } from "../core/address.ts";
import { openPacketSocket, parseArgs } from "./capture.ts";

/** One echo reply. */
export interface PingReply {
  seq: number;
  from: string;
  bytes: number;
  ttl: number | null;
  ms: number;
}

/**
 * Sends `count` echo requests to `host` (an IPv4/IPv6 literal or a name) and
 * calls `onReply` for each reply (null on timeout). Resolves to the replies.
 *
 * @example
 * ```ts
 * const replies = await ping("127.0.0.1", { count: 2 }, (r) => console.log(r));
 * ```
 */
export async function ping(host: string, options: { count?: number; interval?: number; timeout?: number; size?: number } = {}, onReply?: (r: PingReply | null, seq: number) => void): Promise<PingReply[]> {
  let addr = host.replace(/^\[|\]$/g, "");
  if (!ipVersion(addr)) {
    const dns = await import("node:dns");
    addr = (await dns.promises.lookup(addr)).address;
  }
  const v6 = ipVersion(addr) === 6;
  const s = await openPacketSocket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  const id = (Math.random() * 0xffff) | 0;
  const count = options.count ?? 4, size = options.size ?? 56;
  const replies: PingReply[] = [];
  try {
    for (let seq = 1; seq <= count; seq++) {
      const req = new Uint8Array(8 + size);
      req.set([v6 ? 128 : 8, 0, 0, 0, id >> 8, id & 255, seq >> 8, seq & 255]);
      for (let i = 0; i < size; i++) req[8 + i] = i & 255;
      if (!v6) { const c = inetChecksum(req); req[2] = c >> 8; req[3] = c & 255; }
      const t0 = performance.now();
      await s.sendto(req, { host: addr, port: 0 });
      const deadline = t0 + (options.timeout ?? 1) * 1000;
      let got: PingReply | null = null;
      while (!got) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        s.settimeout(left / 1000);
        let d: Uint8Array, from: InetAddress;
        try { [d, from] = (await s.recvfrom()) as [Uint8Array, InetAddress]; }
        catch (e) { if (e instanceof SocketError && e.code === "ETIMEDOUT") break; throw e; }
        const off = v6 ? 0 : (d[0]! & 15) * 4;
        const icmp = d.subarray(off);
        if (icmp[0] !== (v6 ? 129 : 0) || ((icmp[4]! << 8) | icmp[5]!) !== id || ((icmp[6]! << 8) | icmp[7]!) !== seq) continue;
        got = { seq, from: from.host, bytes: icmp.length, ttl: v6 ? null : d[8]!, ms: performance.now() - t0 };
      }
      if (got) replies.push(got);
      onReply?.(got, seq);
      if (seq < count) await new Promise((r) => setTimeout(r, (options.interval ?? 1) * 1000));
    }
  } finally {
    await s.close();
  }
  return replies;
}

/** The ping command. */
export const command: Command = {
  summary: "ICMP echo over a raw socket (HOST [-c N] [-i SECONDS] [-W SECONDS] [-s SIZE])",
  async run(args) {
    const { opts, rest } = parseArgs(args, ["c", "i", "W", "s"]);
    const host = rest[0];
    if (!host) {
      console.error("usage: sockfam ping HOST [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE]");
      return 2;
    }
    const count = Number(opts.c ?? 4);
    console.log(`PING ${host}: ${Number(opts.s ?? 56)} data bytes`);
    const replies = await ping(host, { count, interval: Number(opts.i ?? 1), timeout: Number(opts.W ?? 1), size: Number(opts.s ?? 56) }, (r, seq) => {
      if (r) console.log(`${r.bytes} bytes from ${r.from}: icmp_seq=${r.seq}${r.ttl !== null ? ` ttl=${r.ttl}` : ""} time=${r.ms.toFixed(3)} ms`);
      else console.log(`no reply for icmp_seq=${seq}`);
    });
    const loss = ((count - replies.length) / count) * 100;
    console.log(`--- ${host} ping statistics ---\n${count} packets transmitted, ${replies.length} received, ${loss.toFixed(0)}% packet loss`);
    return replies.length ? 0 : 1;
  },
};
