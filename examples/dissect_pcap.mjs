// Writes a small capture with writePcap (frames made by buildPacket), reads it
// back from disk with readCaptureFile and dissects every packet in the WASM
// core, then prints a per-protocol summary. The file is left at
// build/examples/mixed.pcap for `sockfam dissect build/examples/mixed.pcap`.
// Run: node examples/dissect_pcap.mjs | deno run -A examples/dissect_pcap.mjs
import { createReadStream, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { buildPacket, dissect, readCaptureFile, writePcap, LINKTYPE_ETHERNET } from "sockfam/core";

const eth = { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" };
const frames = [
  buildPacket({ eth, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, tcp: { sport: 40000, dport: 443, flags: 2 } }),
  buildPacket({ eth, ipv4: { src: "10.0.0.2", dst: "10.0.0.1" }, tcp: { sport: 443, dport: 40000, flags: 0x12 } }),
  buildPacket({ eth, ipv4: { src: "10.0.0.1", dst: "10.0.0.53" }, udp: { sport: 5353, dport: 53 }, payload: "query" }),
  buildPacket({ eth, ipv6: { src: "2001:db8::1", dst: "2001:db8::2" }, udp: { sport: 1000, dport: 2000 }, payload: "v6" }),
  buildPacket({ eth, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, icmp: { type: 8, code: 0 } }),
];
const records = frames.map((data, i) => ({ data, tsSec: 1700000000 + i, tsNsec: i * 1000 }));

const dir = new URL("../build/examples/", import.meta.url);
mkdirSync(dir, { recursive: true });
const file = new URL("mixed.pcap", dir);
const path = decodeURIComponent(file.pathname);
writeFileSync(`${path}.${process.pid}`, writePcap(records, { linktype: LINKTYPE_ETHERNET }));
renameSync(`${path}.${process.pid}`, path); // whole or not at all, for readers running meanwhile
console.log(`wrote ${records.length} packets to ${path}`);

const summary = new Map();
const count = (k) => summary.set(k, (summary.get(k) ?? 0) + 1);
for await (const rec of readCaptureFile(path, (p) => createReadStream(p))) {
  const p = dissect(rec.data, rec.linktype);
  const l3 = p.ipv4 ? `${p.ipv4.src} > ${p.ipv4.dst}` : p.ipv6 ? `${p.ipv6.src} > ${p.ipv6.dst}` : "?";
  const l4 = p.tcp ? `tcp ${p.tcp.sport} > ${p.tcp.dport}` : p.udp ? `udp ${p.udp.sport} > ${p.udp.dport}` : p.icmp ? `icmp type ${p.icmp.type}` : "";
  console.log(`${rec.tsSec}.${String(rec.tsNsec).padStart(9, "0")} ${l3} ${l4}${p.errors.length ? ` errors: ${p.errors}` : ""}`);
  count(p.ipv4 ? "ipv4" : p.ipv6 ? "ipv6" : "other");
  count(p.tcp ? "tcp" : p.udp ? "udp" : p.icmp ? "icmp" : "other-l4");
}
console.log("summary:", Object.fromEntries(summary));
