/**
 * `sockfam send -i IFACE [--dst MAC] [--src MAC] [--type ETHERTYPE]
 * [--hex HEX | --text TEXT | --size N] [-c COUNT]`: crafts Ethernet frames
 * and sends them on an interface in batches (sendmmsg). With --hex the bytes
 * are the whole frame; otherwise they are the payload after a built header.
 * Needs CAP_NET_RAW.
 *
 * @example
 * ```sh
 * sockfam send -i veth0 --dst ff:ff:ff:ff:ff:ff --type 0x88b5 --text hello -c 3
 * sockfam send -i veth0 --hex ffffffffffff020000000001 88b5 00112233
 * ```
 * @module
 */
import type { Command } from "./main.ts";
import { SocketError } from "../core/errors.ts";
import { AF_PACKET, SOCK_RAW } from "../core/constants.ts";
import { parseMac } from "../core/native/sockaddr.ts";
import { openPacketSocket, parseArgs } from "./capture.ts";

/** Builds an Ethernet frame: dst, src, ethertype, payload (padded to 60 bytes). */
export function buildFrame(dst: string, src: string, type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(Math.max(60, 14 + payload.length));
  f.set(parseMac(dst, "send"), 0);
  f.set(parseMac(src, "send"), 6);
  f[12] = type >> 8;
  f[13] = type & 255;
  f.set(payload, 14);
  return f;
}

function hexBytes(s: string): Uint8Array {
  const h = s.replace(/[\s:]/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new SocketError("EINVAL", `--hex needs an even number of hex digits, got ${JSON.stringify(s)}`);
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

/** The send command. */
export const command: Command = {
  summary: "send crafted Ethernet frames (-i IFACE [--dst MAC] [--type 0x88b5] [--text T|--hex H|--size N] [-c N])",
  async run(args) {
    const { opts, rest } = parseArgs(args, ["i", "interface", "dst", "src", "type", "hex", "text", "size", "c", "count"]);
    const ifname = (opts.i ?? opts.interface) as string | undefined;
    if (typeof ifname !== "string") {
      console.error("usage: sockfam send -i IFACE [--dst MAC] [--src MAC] [--type 0x88b5] [--hex HEX | --text TEXT | --size N] [-c COUNT]");
      return 2;
    }
    const count = Number(opts.c ?? opts.count ?? 1);
    let frame: Uint8Array;
    if (typeof opts.hex === "string") frame = hexBytes([opts.hex, ...rest].join(""));
    else {
      const fs = await import("node:fs");
      let src = opts.src as string | undefined;
      if (typeof src !== "string") {
        try { src = fs.readFileSync(`/sys/class/net/${ifname}/address`, "utf8").trim(); } catch { src = "02:00:00:00:00:01"; }
      }
      const payload = typeof opts.text === "string" ? new TextEncoder().encode(opts.text)
        : new Uint8Array(Math.max(0, Number(opts.size ?? 46)));
      frame = buildFrame((opts.dst as string | undefined) ?? "ff:ff:ff:ff:ff:ff", src!, Number(opts.type ?? 0x88b5), payload);
    }
    const s = await openPacketSocket(AF_PACKET, SOCK_RAW, 0);
    try {
      await s.bind({ ifname, protocol: 0 });
      const t0 = performance.now();
      const frames = Array.from({ length: count }, () => frame);
      const sent = await s.sendBatch(frames);
      const ms = performance.now() - t0;
      console.log(`sent ${sent} frame${sent === 1 ? "" : "s"} of ${frame.length} bytes on ${ifname} in ${ms.toFixed(1)} ms`);
    } finally {
      await s.close();
    }
    return 0;
  },
};
