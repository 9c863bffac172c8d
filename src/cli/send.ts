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
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { parseCommandArgs, parseIntArg, stringOpt } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { SocketError } from "../core/errors.ts";
import { AF_PACKET, SOCK_RAW } from "../core/constants.ts";
import { parseMac } from "../core/address/mac.ts";
import { openPacketSocket } from "./_packet_socket.ts";
import { interfaceInfo } from "./_netif.ts";

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
  if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new CliError("EINVAL", `--hex needs an even number of hex digits, got ${JSON.stringify(s)}`);
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

function mac(text: string, flag: string): string {
  let ok = false;
  try { ok = parseMac(text, "send").length === 6; } catch { /* reported below */ }
  if (!ok) throw new CliError("EINVAL", `invalid MAC address for ${flag}: ${JSON.stringify(text)} (six hex pairs, e.g. 02:00:00:00:00:01)`);
  return text;
}

/** EMSGSIZE naming the frame size and the interface's limit. */
function tooBig(len: number, ifname: string, mtu: number): SocketError {
  return new SocketError("EMSGSIZE", `a frame of ${len} bytes is larger than ${ifname} can send: its MTU is ${mtu}, so frames are at most ${mtu + 14} bytes ` +
    `with the 14-byte Ethernet header (--size at most ${mtu}); send less, or raise the MTU with \`ip link set ${ifname} mtu N\``, { syscall: "sendmmsg" });
}

const OPTIONS: OptionsSpec = {
  interface: { type: "string", short: "i", arg: "IFACE", help: "the interface to send on (required)" },
  dst: { type: "string", arg: "MAC", help: "destination MAC (default ff:ff:ff:ff:ff:ff)" },
  src: { type: "string", arg: "MAC", help: "source MAC (default: the interface's)" },
  type: { type: "string", arg: "ETHERTYPE", help: "ethertype, decimal or 0x hex (default 0x88b5, local experimental)" },
  text: { type: "string", arg: "TEXT", help: "payload: this text (UTF-8)" },
  hex: { type: "string", arg: "HEX", help: "the whole frame as hex digits (further arguments are appended)" },
  size: { type: "string", arg: "N", help: "payload: N zero bytes (default 46, a 60-byte frame)" },
  count: { type: "string", short: "c", arg: "N", help: "frames to send (default 1, at most 1000000)" },
};

/** The send command. */
export const command: Command = {
  summary: "send crafted Ethernet frames on an interface (needs root or CAP_NET_RAW)",
  usage: "sockfam send -i IFACE [--dst MAC] [--src MAC] [--type 0x88b5] [--text TEXT | --hex HEX | --size N] [-c N]",
  options: OPTIONS,
  examples: ["sockfam send -i veth0 --dst ff:ff:ff:ff:ff:ff --type 0x88b5 --text hello -c 3"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("send", args, OPTIONS);
    const ifname = stringOpt(values, "interface");
    if (!ifname) throw new CliError("EUSAGE", "give the interface with -i IFACE (list them with `ip link`)");
    const hex = stringOpt(values, "hex"), text = stringOpt(values, "text"), size = stringOpt(values, "size");
    if ([hex, text, size].filter((x) => x !== undefined).length > 1) throw new CliError("EUSAGE", "give one of --hex, --text and --size");
    if (positionals.length && hex === undefined) throw new CliError("EUSAGE", `unexpected argument ${positionals[0]} (only --hex takes more than one word)`);
    const count = parseIntArg(stringOpt(values, "count") ?? "1", "-c", 1, 1_000_000);
    const type = parseIntArg(stringOpt(values, "type") ?? "0x88b5", "--type", 0, 0xffff);
    const dst = mac(stringOpt(values, "dst") ?? "ff:ff:ff:ff:ff:ff", "--dst");
    const srcOpt = stringOpt(values, "src");
    if (srcOpt !== undefined) mac(srcOpt, "--src");
    const info = interfaceInfo(ifname);
    let frame: Uint8Array;
    if (hex !== undefined) {
      frame = hexBytes([hex, ...positionals].join(""));
      if (frame.length < 14) throw new CliError("EINVAL", `--hex gives ${frame.length} bytes; a frame needs at least the 14-byte Ethernet header`);
    } else {
      const payload = text !== undefined ? new TextEncoder().encode(text) : new Uint8Array(parseIntArg(size ?? "46", "--size", 0, 1 << 24));
      const src = srcOpt ?? (info.mac && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(info.mac) ? info.mac : "02:00:00:00:00:01");
      frame = buildFrame(dst, src, type, payload);
    }
    if (info.mtu !== undefined && frame.length > info.mtu + 14) throw tooBig(frame.length, ifname, info.mtu);
    const s = await openPacketSocket(AF_PACKET, SOCK_RAW, 0);
    try {
      await s.bind({ ifname, protocol: 0 });
      const t0 = performance.now();
      const frames = Array.from({ length: count }, () => frame);
      let sent: number;
      try { sent = await s.sendBatch(frames); } catch (e) {
        if (e instanceof SocketError && e.code === "EMSGSIZE") throw tooBig(frame.length, ifname, info.mtu ?? frame.length - 15);
        throw e;
      }
      const ms = performance.now() - t0;
      console.log(`sent ${sent} frame${sent === 1 ? "" : "s"} of ${frame.length} bytes on ${ifname} in ${ms.toFixed(1)} ms`);
    } finally {
      await s.close();
    }
    return 0;
  },
};
