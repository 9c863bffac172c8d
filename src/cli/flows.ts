/**
 * `sockfam flows FILE [--json] [--top N]`: the TCP and UDP conversations of a
 * pcap/pcapng file, numbered as tshark's tcp.stream / udp.stream; --json
 * prints one object per line, --top keeps the N flows with the most bytes.
 *
 * @example
 * ```sh
 * sockfam flows capture.pcap
 * sockfam flows capture.pcap --json | jq 'select(.proto == "tcp")'
 * ```
 * @module
 */
import { stat } from "node:fs/promises";
import type { Command } from "./_command.ts";
import { fileChunks } from "./_capture_file.ts";
import { write } from "./_flow_input.ts";
import { parseCommandArgs, parseIntArg, stringOpt, type OptionsSpec } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { flows } from "../core/flow/api.ts";
import { flowJSON, formatEndpoint, type Flow } from "../core/flow/flow.ts";

const WHOLE_FILE_MAX = 256 << 20;
const OPTIONS: OptionsSpec = {
  json: { type: "boolean", help: "one JSON object per conversation and line" },
  top: { type: "string", arg: "N", help: "only the N conversations with the most bytes" },
};

/** The flows command. */
export const command: Command = {
  summary: "TCP/UDP conversations of a capture, numbered like tshark (--json)",
  usage: "sockfam flows FILE [--json] [--top N]",
  options: OPTIONS,
  notes: ["One line per conversation: endpoints a <-> b (a sent the first packet), frames and bytes (frame lengths) each way, first packet time and duration."],
  examples: ["sockfam flows capture.pcap", "sockfam flows capture.pcap --json --top 5"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("flows", args, OPTIONS);
    if (positionals.length !== 1) throw new CliError("EUSAGE", positionals.length ? `one FILE at a time (got ${positionals.join(" ")})` : "give a capture file, e.g. sockfam flows capture.pcap");
    const top = values.top === undefined ? Infinity : parseIntArg(stringOpt(values, "top")!, "--top", 1, Number.MAX_SAFE_INTEGER);
    const { flows: all } = await flows(await captureInput(positionals[0]!));
    const list = top === Infinity ? all : [...all].sort((x, y) => y.bytes[0] + y.bytes[1] - x.bytes[0] - x.bytes[1]).slice(0, top);
    const out = values.json ? list.map((f) => JSON.stringify(flowJSON(f))) : table(list);
    if (out.length) await write(out.join("\n") + "\n");
    return 0;
  },
};

/** The file's bytes when it is small enough to hold (the core's flow table then counts it), else a chunk stream. */
async function captureInput(path: string): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  const size = await stat(path).then((s) => s.size, () => Infinity);
  if (size > WHOLE_FILE_MAX) return fileChunks(path);
  const parts: Uint8Array[] = [];
  for await (const c of fileChunks(path)) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of parts) { out.set(c, o); o += c.length; }
  return out;
}

const secs = (t: [number, number]) => t[0] + t[1] / 1e9;

function table(list: Flow[]): string[] {
  const rows = [["proto", "stream", "a", "", "b", "frames a>b", "bytes a>b", "frames b>a", "bytes b>a", "start", "duration", "state"]];
  for (const f of list) {
    rows.push([f.proto, String(f.stream), formatEndpoint(f.aHost, f.aPort), "<->", formatEndpoint(f.bHost, f.bPort),
      String(f.packets[0]), String(f.bytes[0]), String(f.packets[1]), String(f.bytes[1]),
      secs(f.start).toFixed(6), (secs(f.end) - secs(f.start)).toFixed(6), f.proto === "tcp" ? f.state : ""]);
  }
  const w = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => r.map((c, k) => (k >= 5 && k <= 10 ? c.padStart(w[k]!) : c.padEnd(w[k]!))).join("  ").trimEnd());
}
