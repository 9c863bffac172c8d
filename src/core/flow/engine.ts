/**
 * The flow engine: fed dissected batches in capture order (from a file, a
 * stream or live AF_PACKET batches), it keeps the flow table, rebuilds
 * fragmented IP datagrams (and dissects them like any packet) and, when
 * asked, reassembles TCP streams and hands out UDP datagram payloads.
 *
 * This first version runs in TypeScript over the dissector's table; the
 * dissection itself is the WebAssembly core's.
 *
 * @example
 * ```ts
 * import { FlowEngine, dissectCapture, mixedCapture } from "sockfam/core";
 * const engine = new FlowEngine({ onData: (flow, dir, bytes) => console.log(flow.stream, dir, bytes.length) });
 * dissectCapture(mixedCapture({ packets: 100 }), (table) => engine.push(table));
 * engine.finish();
 * console.log(engine.flows.length, engine.stats.defrag.reassembled);
 * ```
 * @module
 */
import { Packet, type PacketTable } from "../dissect/table.ts";
import { C, P } from "../dissect/_layout.ts";
import { Defragmenter, type DefragOptions, type DefragStats } from "./_defrag.ts";
import { isFragment, readFragment } from "./_fragment.ts";
import { redissect } from "./_redissect.ts";
import { innerFlow, isIcmpError, type InnerFlow } from "./_icmp_inner.ts";
import { TcpStream, type StreamBudget } from "./_tcp_stream.ts";
import type { Direction, Flow } from "./flow.ts";

/** Callbacks of {@link FlowEngine} and {@link reassemble}; byte arrays are valid only during the call (copy to keep). */
export interface FlowHandlers {
  /** A new flow, at its first packet. */
  onFlow?(flow: Flow): void;
  /** Stream bytes in order (TCP after reassembly; one UDP datagram's payload). */
  onData?(flow: Flow, dir: Direction, bytes: Uint8Array): void;
  /** `missing` bytes the capture lacks but the peer acknowledged (TCP); nothing is invented in their place. */
  onGap?(flow: Flow, dir: Direction, missing: number): void;
  /** A datagram rebuilt from fragments, dissected; `frame` is the index of the fragment that completed it. */
  onDatagram?(packet: Packet, frame: number): void;
}

/** Limits and switches of the flow engine. */
export interface FlowOptions {
  /** Reassemble TCP streams (default: when onData or onGap is given). */
  reassemble?: boolean;
  /** Flows tracked at most; packets of further flows are counted as untracked (default 1,000,000). */
  maxFlows?: number;
  /** Out-of-order bytes buffered per TCP direction (default 4 MiB). */
  maxBufferedPerDirection?: number;
  /** Out-of-order segments buffered per TCP direction (default 4096). */
  maxSegmentsPerDirection?: number;
  /** Out-of-order bytes buffered by all streams together (default 64 MiB). */
  maxBufferedTotal?: number;
  /** Limits of IP defragmentation. */
  defrag?: DefragOptions;
}

/** Counters of the flow engine. */
export interface FlowStats {
  /** Frames fed. */
  frames: number;
  /** TCP and UDP packets counted in flows (a rebuilt datagram counts once). */
  tcp: number;
  udp: number;
  /** TCP/UDP packets of flows beyond maxFlows. */
  untracked: number;
  /** TCP stream buffering: bytes now and at most, segments and bytes dropped for lack of room. */
  streams: { buffered: number; peak: number; droppedSegments: number; droppedBytes: number };
  /** IP defragmentation. */
  defrag: DefragStats;
}

interface State {
  f: Flow;
  aKey: number | string;
  base: [number, number];
  baseSet: [boolean, boolean];
  tcp: TcpStream | null;
  /** In `flows` (false while the flow is known only from ICMP errors). */
  listed: boolean;
}

const SYN = 2, FIN = 1, RST = 4, ACK = 16;
const EMPTY = new Uint8Array(0);

/** An IPv6 address (16 bytes at `o`) and a port as a 9-character key. */
function endpoint6(f: Uint8Array, o: number, port: number): string {
  let k = "";
  for (let j = 0; j < 16; j += 2) k += String.fromCharCode((f[o + j]! << 8) | f[o + j + 1]!);
  return k + String.fromCharCode(port);
}

/**
 * Flow table, defragmentation and stream reassembly over dissected batches.
 *
 * @example
 * ```ts
 * import { FlowEngine, dissectBatch, mixedFrames } from "sockfam/core";
 * const engine = new FlowEngine();
 * engine.push(dissectBatch(mixedFrames(50))); // e.g. one batch from an AF_PACKET ring
 * engine.finish();
 * engine.flows.map((f) => f.stream);
 * ```
 */
export class FlowEngine {
  /** Every flow so far, in order of first packet (TCP and UDP interleaved). */
  readonly flows: Flow[] = [];
  /** Counters. */
  readonly stats: FlowStats;
  readonly #handlers: FlowHandlers;
  readonly #tcp = new Map<number | string, Map<number | string, State>>();
  readonly #udp = new Map<number | string, Map<number | string, State>>();
  #count = 0;
  #streamsOpen: TcpStream[] = [];
  readonly #wantUdp: boolean;
  readonly #defrag: Defragmenter;
  readonly #budget: StreamBudget;
  readonly #reassemble: boolean;
  readonly #maxFlows: number;
  #streams = { tcp: 0, udp: 0 };

  /** An engine calling `handlers`, with `options` as limits. */
  constructor(handlers: FlowHandlers = {}, options: FlowOptions = {}) {
    this.#handlers = handlers;
    this.#reassemble = options.reassemble ?? !!(handlers.onData || handlers.onGap);
    this.#wantUdp = !!handlers.onData;
    this.#maxFlows = options.maxFlows ?? 1_000_000;
    this.#defrag = new Defragmenter(options.defrag);
    this.#budget = {
      buffered: 0, peak: 0, droppedSegments: 0, droppedBytes: 0,
      maxTotal: options.maxBufferedTotal ?? 64 << 20,
      maxPerDirection: options.maxBufferedPerDirection ?? 4 << 20,
      maxSegments: options.maxSegmentsPerDirection ?? 4096,
    };
    const b = this.#budget;
    this.stats = {
      frames: 0, tcp: 0, udp: 0, untracked: 0, defrag: this.#defrag.stats,
      streams: { get buffered() { return b.buffered; }, get peak() { return b.peak; }, get droppedSegments() { return b.droppedSegments; }, get droppedBytes() { return b.droppedBytes; } },
    };
  }

  /** Feeds the next batch of the capture, in order. A live table (dissectCapture's) is read only during the call. */
  push(table: PacketTable): void {
    const present = table.cols[C.PRESENT]!;
    for (let i = 0; i < table.length; i++) {
      const frame = this.stats.frames++;
      if ((present[i]! & (P.IPV4 | P.IPV6)) === 0) continue;
      const p = new Packet(table, i);
      const ts = p.ts ?? [0, 0];
      if (isFragment(p)) {
        const frag = readFragment(p, ts[0] + ts[1] / 1e9);
        if (!frag) { this.#defrag.stats.dropped++; continue; }
        const datagram = this.#defrag.add(frag);
        if (!datagram) continue;
        const q = redissect(datagram, p.ts);
        this.#handlers.onDatagram?.(q, frame);
        this.#packet(q, frame, p.len, ts);
      } else if (isIcmpError(p)) {
        const inner = innerFlow(p, endpoint6);
        if (inner) this.#quoted(inner, frame, ts);
      } else this.#packet(p, frame, p.len, ts);
    }
  }

  /** Ends the capture: frees buffered segments (their bytes were never contiguous). */
  finish(): void {
    for (const t of this.#streamsOpen) t.release();
    this.#streamsOpen = [];
  }

  #packet(p: Packet, frame: number, len: number, ts: [number, number]): void {
    const c = p.table.cols, i = p.index, present = c[C.PRESENT]![i]!;
    const tcp = (present & P.TCP) !== 0;
    if (!tcp && (present & P.UDP) === 0) return;
    const payLen = present & P.PAYLOAD ? c[C.PAYLEN]![i]! : 0;
    const ports = c[C.PORTS]![i]!, sport = ports >>> 16, dport = ports & 0xffff;
    // Keys without formatting addresses: IPv4 endpoints as numbers (address * 65536 + port), IPv6 as 9-char strings.
    let ea: number | string, eb: number | string;
    if (present & P.IPV4) {
      ea = c[C.SRC4]![i]! * 65536 + sport;
      eb = c[C.DST4]![i]! * 65536 + dport;
    } else {
      const f = p.frame, o = p.l3Offset + 8;
      ea = endpoint6(f, o, sport);
      eb = endpoint6(f, o + 16, dport);
    }
    const lo = ea < eb ? ea : eb, hi = ea < eb ? eb : ea;
    const map = tcp ? this.#tcp : this.#udp;
    let s = map.get(lo)?.get(hi);
    let dir: Direction = s && s.aKey !== ea ? 1 : 0;
    const flags = tcp ? c[C.TCPFW]![i]! & 0xfff : 0;
    const seq = tcp ? c[C.SEQ]![i]! : 0;
    // tshark's rule for a new stream on a known 5-tuple: a SYN whose sequence number differs from this direction's first one.
    if (s && tcp && (flags & (SYN | ACK)) === SYN && s.baseSet[dir] && seq !== s.base[dir]) {
      s.tcp?.release();
      s = undefined;
    }
    if (!s) {
      if (this.#count >= this.#maxFlows) { this.stats.untracked++; return; }
      s = this.#open(tcp, lo, hi, ea, p.ipSrc, sport, p.ipDst, dport, frame, ts);
      dir = 0;
    }
    if (!s.listed) {
      // The first packet of a flow known so far only from ICMP errors: it sets a and b.
      const f = s.f;
      f.aHost = p.ipSrc; f.aPort = sport; f.bHost = p.ipDst; f.bPort = dport;
      f.firstFrame = frame; f.start = ts;
      s.aKey = ea;
      dir = 0;
      this.#list(s);
    }
    s.f.packets[dir]++;
    s.f.bytes[dir] += len;
    s.f.end = ts;
    if (!tcp) {
      this.stats.udp++;
      if (this.#wantUdp && payLen > 0) {
        const data = p.payload;
        s.f.dataBytes[dir] += data.length;
        this.#handlers.onData!(s.f, dir, data);
      }
      return;
    }
    this.stats.tcp++;
    if (!s.baseSet[dir]) { s.baseSet[dir] = true; s.base[dir] = seq; }
    if (flags & RST) s.f.state = "reset";
    else if (flags & FIN) {
      s.f.fin[dir] = true;
      if (s.f.state !== "reset") s.f.state = s.f.fin[0] && s.f.fin[1] ? "closed" : "fin";
    } else if (s.f.state === "syn" && (flags & ACK || payLen > 0)) s.f.state = "established";
    if (s.tcp) {
      s.tcp.segment(dir, seq, c[C.ACK]![i]!, flags, payLen, payLen > 0 ? p.payload : EMPTY);
    }
  }

  /** A flow quoted by an ICMP error: numbered if new, not counted. */
  #quoted(q: InnerFlow, frame: number, ts: [number, number]): void {
    const lo = q.ea < q.eb ? q.ea : q.eb, hi = q.ea < q.eb ? q.eb : q.ea;
    if ((q.tcp ? this.#tcp : this.#udp).get(lo)?.get(hi)) return;
    if (this.#count >= this.#maxFlows) { this.stats.untracked++; return; }
    this.#open(q.tcp, lo, hi, q.ea, q.aHost, q.aPort, q.bHost, q.bPort, frame, ts, false);
  }

  #list(s: State): void {
    s.listed = true;
    this.flows.push(s.f);
    this.#handlers.onFlow?.(s.f);
  }

  #open(
    tcp: boolean, lo: number | string, hi: number | string, aKey: number | string,
    aHost: string, aPort: number, bHost: string, bPort: number, frame: number, ts: [number, number], listed = true,
  ): State {
    const proto = tcp ? "tcp" : "udp";
    this.#count++;
    const f: Flow = {
      proto, stream: this.#streams[proto]++, aHost, aPort, bHost, bPort,
      packets: [0, 0], bytes: [0, 0], dataBytes: [0, 0],
      firstFrame: frame, start: ts, end: ts, state: tcp ? "syn" : "none", fin: [false, false],
    };
    const s: State = { f, aKey, base: [0, 0], baseSet: [false, false], tcp: null, listed: false };
    const map = tcp ? this.#tcp : this.#udp;
    let inner = map.get(lo);
    if (!inner) map.set(lo, inner = new Map());
    inner.set(hi, s);
    if (tcp && this.#reassemble) {
      const h = this.#handlers;
      s.tcp = new TcpStream(this.#budget, {
        data: (dir, bytes) => { f.dataBytes[dir] += bytes.length; h.onData?.(f, dir, bytes); },
        gap: (dir, missing) => h.onGap?.(f, dir, missing),
      });
      this.#streamsOpen.push(s.tcp);
    }
    if (listed) this.#list(s);
    return s;
  }
}
