/**
 * ICMP/ICMPv6 echo over a raw socket: the function behind `sockfam ping` and
 * the tour's ping check. Needs CAP_NET_RAW.
 *
 * @module
 */
import { AF_INET, AF_INET6, IPPROTO_ICMP, IPPROTO_ICMPV6, SOCK_RAW } from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import { ipVersion } from "../core/address/ip.ts";
import { inetChecksum } from "../core/checksum/inet.ts";
import type { InetAddress } from "../core/address/types.ts";
import { openPacketSocket } from "./_packet_socket.ts";
import { hintFor } from "./_errors.ts";

/** One echo reply. */
export interface PingReply {
  /** Sequence number of the request it answers. */
  seq: number;
  /** Address the reply came from. */
  from: string;
  /** ICMP bytes received. */
  bytes: number;
  /** TTL of the reply (IPv4), or null (IPv6: the kernel strips the header). */
  ttl: number | null;
  /** Round-trip time in ms. */
  ms: number;
}

/** Options of {@link ping}. */
export interface PingOptions {
  /** Requests to send (default 4). */
  count?: number;
  /** Seconds between requests (default 1). */
  interval?: number;
  /** Seconds to wait for each reply (default 1). */
  timeout?: number;
  /** Payload bytes after the 8-byte ICMP header (default 56). */
  size?: number;
}

/** Resolves `host` (an IP literal, possibly in brackets, or a name) to an address. */
export async function resolveHost(host: string): Promise<string> {
  const addr = host.replace(/^\[|\]$/g, "");
  if (ipVersion(addr)) return addr;
  const dns = await import("node:dns");
  try {
    return (await dns.promises.lookup(addr)).address;
  } catch (e) {
    const code = (e as { code?: string }).code ?? "ENOTFOUND";
    throw new SocketError(code, `cannot resolve ${host}: ${hintFor(code) ?? (e as Error).message}`, { syscall: "getaddrinfo", cause: e });
  }
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
export async function ping(host: string, options: PingOptions = {}, onReply?: (r: PingReply | null, seq: number) => void): Promise<PingReply[]> {
  const addr = await resolveHost(host);
  const v6 = ipVersion(addr) === 6;
  const s = await openPacketSocket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  const id = (Math.random() * 0xffff) | 0;
  const count = options.count ?? 4, size = options.size ?? 56;
  const replies: PingReply[] = [];
  try {
    for (let seq = 1; seq <= count; seq++) {
      const req = new Uint8Array(8 + size);
      req.set([v6 ? 128 : 8, 0, 0, 0, id >> 8, id & 255, (seq >> 8) & 255, seq & 255]);
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
        if (icmp[0] !== (v6 ? 129 : 0) || ((icmp[4]! << 8) | icmp[5]!) !== id || ((icmp[6]! << 8) | icmp[7]!) !== (seq & 0xffff)) continue;
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
