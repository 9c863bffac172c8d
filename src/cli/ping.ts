/**
 * `sockfam ping HOST [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE]`: ICMP
 * (or ICMPv6) echo over a raw socket, printing one line per reply like
 * ping(8). The function itself is {@link ping} in `_ping.ts`. Needs CAP_NET_RAW.
 *
 * @example
 * ```sh
 * sockfam ping 127.0.0.1 -c 3
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { parseCommandArgs, parseIntArg, parseNumberArg, stringOpt } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { ping, resolveHost } from "./_ping.ts";

const OPTIONS: OptionsSpec = {
  count: { type: "string", short: "c", arg: "N", help: "echo requests to send (default 4)" },
  interval: { type: "string", short: "i", arg: "SECONDS", help: "wait between requests (default 1)" },
  timeout: { type: "string", short: "W", arg: "SECONDS", help: "wait for each reply (default 1)" },
  size: { type: "string", short: "s", arg: "BYTES", help: "payload bytes after the ICMP header (default 56)" },
};

/** The ping command. */
export const command: Command = {
  summary: "ICMP echo over a raw socket, like ping(8) (needs root or CAP_NET_RAW)",
  usage: "sockfam ping HOST [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE]",
  options: OPTIONS,
  examples: ["sockfam ping 127.0.0.1 -c 3", "sockfam ping ::1 -c 2 -i 0.2"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("ping", args, OPTIONS);
    const host = positionals[0];
    if (!host) throw new CliError("EUSAGE", "give a host to ping, e.g. sockfam ping 127.0.0.1");
    if (positionals.length > 1) throw new CliError("EUSAGE", `one host only (got ${positionals.join(" ")})`);
    const count = parseIntArg(stringOpt(values, "count") ?? "4", "-c", 1, 1_000_000);
    const interval = parseNumberArg(stringOpt(values, "interval") ?? "1", "-i", 0, 3600);
    const timeout = parseNumberArg(stringOpt(values, "timeout") ?? "1", "-W", 0.001, 3600);
    const size = parseIntArg(stringOpt(values, "size") ?? "56", "-s", 0, 65507);
    const addr = await resolveHost(host);
    console.log(`PING ${host}${addr !== host ? ` (${addr})` : ""}: ${size} data bytes`);
    const replies = await ping(addr, { count, interval, timeout, size }, (r, seq) => {
      if (r) console.log(`${r.bytes} bytes from ${r.from}: icmp_seq=${r.seq}${r.ttl !== null ? ` ttl=${r.ttl}` : ""} time=${r.ms.toFixed(3)} ms`);
      else console.log(`no reply for icmp_seq=${seq}`);
    });
    const loss = ((count - replies.length) / count) * 100;
    console.log(`--- ${host} ping statistics ---\n${count} packets transmitted, ${replies.length} received, ${loss.toFixed(0)}% packet loss`);
    return replies.length ? 0 : 1;
  },
};
