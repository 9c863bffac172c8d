// Test helpers for the filter oracle, independent of sockfam's compiler:
// a classic BPF interpreter written from libpcap's bpf_filter() (switch on
// the whole opcode), a pcap reader, link-type rewrapping, and libpcap's
// pcap_compile (via test/filter/_libpcap.py) as the reference compiler.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** libpcap's bpf_filter(): accept length (0 = reject). */
export function bpfFilter(prog, p, wirelen = p.length) {
  const buflen = p.length;
  let A = 0, X = 0;
  const mem = new Uint32Array(16);
  const w = (k) => ((p[k] << 24) | (p[k + 1] << 16) | (p[k + 2] << 8) | p[k + 3]) >>> 0;
  const h = (k) => (p[k] << 8) | p[k + 1];
  let pc = -1;
  for (let steps = 0; steps < 1e6; steps++) {
    pc = (pc + 1) >>> 0;
    if (pc >= prog.length) return 0;
    const [code, jt, jf, k0] = prog[pc];
    const k = k0 >>> 0;
    switch (code) {
      case 0x06: return k;
      case 0x16: return A;
      case 0x20: if (k > buflen || 4 > buflen - k) return 0; A = w(k); break;
      case 0x28: if (k > buflen || 2 > buflen - k) return 0; A = h(k); break;
      case 0x30: if (k >= buflen) return 0; A = p[k]; break;
      case 0x80: A = wirelen; break;
      case 0x81: X = wirelen; break;
      case 0x40: { const o = X + k; if (k > buflen || X > buflen - k || 4 > buflen - o) return 0; A = w(o); break; }
      case 0x48: { const o = X + k; if (X > buflen || k > buflen - X || 2 > buflen - o) return 0; A = h(o); break; }
      case 0x50: { const o = X + k; if (k >= buflen || X >= buflen - k) return 0; A = p[o]; break; }
      case 0xb1: if (k >= buflen) return 0; X = (p[k] & 0xf) << 2; break;
      case 0x00: A = k; break;
      case 0x01: X = k; break;
      case 0x60: A = mem[k]; break;
      case 0x61: X = mem[k]; break;
      case 0x02: mem[k] = A; break;
      case 0x03: mem[k] = X; break;
      case 0x05: pc = (pc + k) >>> 0; break;
      case 0x25: pc += A > k ? jt : jf; break;
      case 0x35: pc += A >= k ? jt : jf; break;
      case 0x15: pc += A === k ? jt : jf; break;
      case 0x45: pc += (A & k) ? jt : jf; break;
      case 0x2d: pc += A > X ? jt : jf; break;
      case 0x3d: pc += A >= X ? jt : jf; break;
      case 0x1d: pc += A === X ? jt : jf; break;
      case 0x4d: pc += (A & X) ? jt : jf; break;
      case 0x0c: A = (A + X) >>> 0; break;
      case 0x1c: A = (A - X) >>> 0; break;
      case 0x2c: A = Number((BigInt(A) * BigInt(X)) & 0xffffffffn); break;
      case 0x3c: if (X === 0) return 0; A = Math.trunc(A / X); break;
      case 0x9c: if (X === 0) return 0; A = A % X; break;
      case 0x5c: A = (A & X) >>> 0; break;
      case 0x4c: A = (A | X) >>> 0; break;
      case 0xac: A = (A ^ X) >>> 0; break;
      case 0x6c: A = X < 32 ? (A << X) >>> 0 : 0; break;
      case 0x7c: A = X < 32 ? A >>> X : 0; break;
      case 0x04: A = (A + k) >>> 0; break;
      case 0x14: A = (A - k) >>> 0; break;
      case 0x24: A = Number((BigInt(A) * BigInt(k)) & 0xffffffffn); break;
      case 0x34: A = Math.trunc(A / k); break;
      case 0x94: A = A % k; break;
      case 0x54: A = (A & k) >>> 0; break;
      case 0x44: A = (A | k) >>> 0; break;
      case 0xa4: A = (A ^ k) >>> 0; break;
      case 0x64: A = k < 32 ? (A << k) >>> 0 : 0; break;
      case 0x74: A = k < 32 ? A >>> k : 0; break;
      case 0x84: A = (-A) >>> 0; break;
      case 0x07: X = A; break;
      case 0x87: A = X; break;
      default: throw new Error(`test interpreter: unknown opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error("test interpreter: program did not finish");
}

/** Records of a little-endian pcap file: [{ data, wirelen }]. */
export function readPcap(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let o = 24; o + 16 <= bytes.length;) {
    const incl = dv.getUint32(o + 8, true), orig = dv.getUint32(o + 12, true);
    out.push({ data: bytes.slice(o + 16, o + 16 + incl), wirelen: orig });
    o += 16 + incl;
  }
  return { linktype: dv.getUint32(20, true), records: out };
}

/** The same packet behind another link header (from an Ethernet frame without VLAN tags). */
export function rewrap(frame, linktype, pkttype = 0) {
  const etype = (frame[12] << 8) | frame[13];
  const ip = frame.subarray(14);
  const cat = (head) => { const o = new Uint8Array(head.length + ip.length); o.set(head); o.set(ip, head.length); return o; };
  const af = etype === 0x0800 ? 2 : etype === 0x86dd ? 10 : 99;
  switch (linktype) {
    case 1: return frame;
    case 101: case 228: case 229: return ip.slice();
    case 0: return cat([af, 0, 0, 0]);
    case 108: return cat([0, 0, 0, af]);
    case 113: return cat([0, pkttype, 0, 1, 0, 6, ...frame.subarray(6, 12), 0, 0, etype >> 8, etype & 255]);
    case 276: return cat([etype >> 8, etype & 255, 0, 0, 0, 0, 0, 3, 0, 1, pkttype, 6, ...frame.subarray(6, 12), 0, 0]);
  }
  throw new Error(`rewrap: linktype ${linktype}`);
}

/** DLT numbers libpcap's pcap_open_dead takes for our LINKTYPE numbers. */
export const DLT = { 0: 0, 1: 1, 101: 12, 108: 108, 113: 113, 228: 228, 229: 229, 276: 276 };
export const PY = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** Why the libpcap oracle cannot run here, or null. */
export function libpcapSkipReason() {
  const r = spawnSync(PY, ["-c", "import ctypes, ctypes.util; ctypes.CDLL(ctypes.util.find_library('pcap') or 'libpcap.so.0.8')"], { encoding: "utf8" });
  return r.status === 0 ? null : `libpcap not loadable from python3 (${(r.stderr || "").trim().split("\n").pop()})`;
}

/** Compiles [expr, linktype] pairs with libpcap in one process: [{ prog } | { error }], and its version. */
export function libpcapCompile(pairs) {
  // the queries go through a file: a large stdin and stdout through pipes at once can deadlock spawnSync
  const dir = mkdtempSync(join(tmpdir(), "sockfam-libpcap-"));
  const file = join(dir, "queries.jsonl");
  writeFileSync(file, pairs.map(([expr, lt]) => JSON.stringify({ expr, dlt: DLT[lt] })).join("\n") + "\n");
  let r;
  try { r = spawnSync(PY, [new URL("./_libpcap.py", import.meta.url).pathname, file], { encoding: "utf8", maxBuffer: 1 << 28 }); }
  finally { rmSync(dir, { recursive: true, force: true }); }
  if (r.status !== 0) throw new Error(`libpcap oracle failed: ${r.stderr}`);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  return { version: lines[0].version, results: lines.slice(1) };
}

/** The crafted frames (scapy) as records; null when scapy is missing. */
export function craftedFrames(tmpPath) {
  const r = spawnSync(PY, [new URL("./_frames.py", import.meta.url).pathname, tmpPath], { encoding: "utf8" });
  if (r.status !== 0) return null;
  return readPcap(new Uint8Array(readFileSync(tmpPath))).records;
}
