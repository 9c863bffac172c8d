// tshark as the oracle of the flow tests: per-frame stream numbers and
// lengths (aggregated into conversations here), the conv tables' frame
// counts, and follow,raw blocks for many streams from one tshark run.
import { spawnSync } from "node:child_process";

function tshark(args) {
  const r = spawnSync("tshark", args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`tshark ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const ep = (host, port) => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);

/** Conversations from tshark's per-frame tcp.stream / udp.stream: [{ proto, stream, a, b, packets, bytes, firstFrame }], in order of first packet. */
export function tsharkFlows(file) {
  const fields = ["frame.number", "frame.len", "tcp.stream", "udp.stream", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "icmp.type", "icmpv6.type"];
  const out = tshark(["-r", file, "-T", "fields", "-E", "occurrence=f", ...fields.flatMap((f) => ["-e", f])]);
  const flows = new Map();
  for (const line of out.split("\n")) {
    if (!line) continue;
    const [num, len, ts, us, s4, s6, d4, d6, tsp, tdp, usp, udp, i4, i6] = line.split("\t");
    const proto = ts ? "tcp" : us ? "udp" : null;
    // A TCP/UDP header quoted in an ICMP error gets a stream number but is not a packet of the flow (conv does not count it).
    if (!proto || i4 || i6) continue;
    const stream = Number(proto === "tcp" ? ts : us);
    const src = ep(s4 || s6, proto === "tcp" ? tsp : usp), dst = ep(d4 || d6, proto === "tcp" ? tdp : udp);
    const key = `${proto}${stream}`;
    let f = flows.get(key);
    if (!f) flows.set(key, f = { proto, stream, a: src, b: dst, packets: [0, 0], bytes: [0, 0], firstFrame: Number(num) - 1 });
    const dir = src === f.a ? 0 : 1;
    f.packets[dir]++;
    f.bytes[dir] += Number(len);
  }
  return [...flows.values()];
}

/** Rows of `tshark -z conv,PROTO`: [{ a, b, packets: [a to b, b to a], start }] (start relative, 9 decimals as printed). */
export function tsharkConv(file, proto) {
  const out = tshark(["-r", file, "-q", "-z", `conv,${proto}`]);
  const rows = [];
  for (const line of out.split("\n")) {
    const m = /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+\d+ \S+\s+(\d+)\s+\d+ \S+\s+\d+\s+\d+ \S+\s+([\d.]+)/.exec(line);
    if (m) rows.push({ a: m[1], b: m[2], packets: [Number(m[4]), Number(m[3])], start: m[5] });
  }
  return rows;
}

/** tshark's `-q -z follow,PROTO,raw,N` output for each stream in `streams`, as a Map from "tcp0" to its text. */
export function tsharkFollow(file, proto, streams) {
  const out = new Map();
  // A few streams per run keeps the command line short.
  for (let i = 0; i < streams.length; i += 40) {
    const text = tshark(["-r", file, "-q", ...streams.slice(i, i + 40).flatMap((n) => ["-z", `follow,${proto},raw,${n}`])]);
    for (const block of text.split(/\n(?====+\nFollow: )/)) {
      const m = /Filter: (\w+)\.stream eq (\d+)/.exec(block);
      if (m) out.set(`${m[1]}${m[2]}`, `\n${block.replace(/^\n/, "").replace(/\n*$/, "\n")}`);
    }
  }
  return out;
}

/** Formats collected chunks ([{ dir, hex }]) and endpoints the way tshark's follow,raw does. */
export function followRaw(proto, n, a, b, chunks) {
  const rule = "=".repeat(67);
  return ["", rule, `Follow: ${proto},raw`, `Filter: ${proto}.stream eq ${n}`, `Node 0: ${a}`, `Node 1: ${b}`,
    ...chunks.map((c) => (c.dir ? "\t" : "") + c.hex), rule, ""].join("\n");
}
