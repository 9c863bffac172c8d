/**
 * The flow table of the WebAssembly core (assembly/flow/table.ts) for
 * `flows()` over a classic pcap in memory: one synchronous pass, the
 * dissector's columns read in place, fragments reassembled here and handed
 * back. Returns null when the capture has more flows than the core's table
 * holds, or ICMP errors quoting TCP/UDP packets (the caller then uses the
 * TypeScript engine).
 *
 * @module
 */
import { memoryU8, wasmFn } from "../wasm/instance.ts";
import { dissectCapture } from "../dissect/capture.ts";
import { formatIPv4, formatIPv6 } from "../address/ip.ts";
import { Defragmenter, type DefragOptions } from "./_defrag.ts";
import { readFragment } from "./_fragment.ts";
import { redissect } from "./_redissect.ts";
import { innerFlow, isIcmpError } from "./_icmp_inner.ts";
import type { FlowStats } from "./engine.ts";
import type { Flow, TcpState } from "./flow.ts";

const reset = wasmFn<() => void>("flow_reset");
const batch = wasmFn<(from: number, n: number, base: number, mul: number) => number>("flow_batch");
const row = wasmFn<(i: number, frame: number, len: number, sec: number, nsec: number) => void>("flow_row");
const count = wasmFn<() => number>("flow_count");
const untracked = wasmFn<() => number>("flow_untracked");
/** Flows the core's table holds (FLOW_MAX of assembly/flow/table.ts, checked on first use); beyond, the TypeScript engine counts. */
export const FLOW_CORE_MAX = 32768;
const STRIDE = 112; // FLOW_STRIDE of assembly/flow/table.ts, checked on first use

// Where the records are: read from the core on first use (importing sockfam instantiates nothing).
let recordsPtr = -1;
function locate(): number {
  if (recordsPtr < 0) {
    const n = (name: string) => wasmFn<() => number>(name)();
    if (n("flow_capacity") !== FLOW_CORE_MAX || n("flow_stride") !== STRIDE) {
      throw new Error("sockfam: src/core/flow/_core_table.ts is out of step with assembly/flow/table.ts (FLOW_MAX, FLOW_STRIDE): rebuild with node scripts/build.mjs wasm ts");
    }
    recordsPtr = n("flow_records_ptr");
  }
  return recordsPtr;
}

/** Nanoseconds per unit of the pcap's timestamp fraction, or 0 when `bytes` is not a classic pcap. */
function fractionUnit(bytes: Uint8Array): number {
  if (bytes.length < 24) return 0;
  const m = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1) return 1000;
  if (m === 0xa1b23c4d || m === 0x4d3cb2a1) return 1;
  return 0;
}

/** Flows of a classic pcap counted in the core, or null (not a pcap, too many flows, or ICMP errors quoting TCP/UDP). */
export function coreFlows(bytes: Uint8Array, defragOptions?: DefragOptions): { flows: Flow[]; stats: FlowStats } | null {
  const mul = fractionUnit(bytes);
  if (mul === 0) return null;
  const records = locate();
  const defrag = new Defragmenter(defragOptions);
  reset();
  let frames = 0;
  let quoted = false;
  dissectCapture(bytes, (table, first) => {
    const n = table.length;
    frames = first + n;
    if (quoted) return;
    for (let i = batch(0, n, first, mul); i < n; i = batch(i + 1, n, first, mul)) {
      const p = table.packet(i), ts = p.ts ?? [0, 0], len = p.len;
      if (isIcmpError(p)) {
        // A quoted TCP/UDP packet may number a flow: the TypeScript engine handles those.
        if (innerFlow(p, () => "")) { quoted = true; return; }
        continue;
      }
      const frag = readFragment(p, ts[0] + ts[1] / 1e9);
      if (!frag) { defrag.stats.dropped++; continue; }
      const datagram = defrag.add(frag);
      if (datagram) redissect(datagram, ts, () => row(0, first + i, len, ts[0], ts[1]));
    }
  });
  if (quoted || untracked() > 0) return null;
  const u8 = memoryU8(), dv = new DataView(u8.buffer);
  const flows: Flow[] = [];
  let tcp = 0, udp = 0;
  for (let k = 0, n = count(); k < n; k++) {
    const r = records + k * STRIDE;
    const v6 = u8[r + 37] === 1, isTcp = u8[r + 36] === 6, f = u8[r + 38]!;
    const host = (o: number) => (v6 ? formatIPv6(u8, r + o) : formatIPv4(dv.getUint32(r + o, false)));
    const packets: [number, number] = [dv.getUint32(r + 48, true), dv.getUint32(r + 52, true)];
    if (isTcp) tcp += packets[0] + packets[1];
    else udp += packets[0] + packets[1];
    const state: TcpState = !isTcp ? "none" : f & 4 ? "reset" : (f & 3) === 3 ? "closed" : f & 3 ? "fin" : f & 8 ? "established" : "syn";
    flows.push({
      proto: isTcp ? "tcp" : "udp", stream: dv.getUint32(r + 40, true),
      aHost: host(0), aPort: dv.getUint16(r + 32, true), bHost: host(16), bPort: dv.getUint16(r + 34, true),
      packets, bytes: [dv.getFloat64(r + 56, true), dv.getFloat64(r + 64, true)], dataBytes: [0, 0],
      firstFrame: dv.getUint32(r + 44, true),
      start: [dv.getUint32(r + 72, true), dv.getUint32(r + 76, true)], end: [dv.getUint32(r + 80, true), dv.getUint32(r + 84, true)],
      state, fin: [(f & 1) !== 0, (f & 2) !== 0],
    });
  }
  const streams = { buffered: 0, peak: 0, droppedSegments: 0, droppedBytes: 0 };
  return { flows, stats: { frames, tcp, udp, untracked: 0, streams, defrag: defrag.stats } };
}
