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
import type { Packet, PacketTable } from "../dissect/table.ts";
import { Defragmenter, type DefragOptions, type DefragStats } from "./_defrag.ts";
import { isFragment, readFragment } from "./_fragment.ts";
import { redissect } from "./_redissect.ts";
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

interface State extends Flow {
  aKey: string;
  base: [number, number];
  baseSet: [boolean, boolean];
  tcp: TcpStream | null;
}

const SYN = 2, FIN = 1, RST = 4, ACK = 16;

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
  readonly #table = new Map<string, State>();
  readonly #defrag: Defragmenter;
  readonly #budget: StreamBudget;
  readonly #reassemble: boolean;
  readonly #maxFlows: number;
  #streams = { tcp: 0, udp: 0 };

  /** An engine calling `handlers`, with `options` as limits. */
  constructor(handlers: FlowHandlers = {}, options: FlowOptions = {}) {
    this.#handlers = handlers;
    this.#reassemble = options.reassemble ?? !!(handlers.onData || handlers.onGap);
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
    for (let i = 0; i < table.length; i++) {
      const p = table.packet(i), frame = this.stats.frames++;
      if (!p.hasIpv4 && !p.hasIpv6) continue;
      const ts = p.ts ?? [0, 0];
      if (isFragment(p)) {
        const frag = readFragment(p, ts[0] + ts[1] / 1e9);
        if (!frag) { this.#defrag.stats.dropped++; continue; }
        const datagram = this.#defrag.add(frag);
        if (!datagram) continue;
        const q = redissect(datagram, p.ts);
        this.#handlers.onDatagram?.(q, frame);
        this.#packet(q, frame, p.len, ts);
      } else this.#packet(p, frame, p.len, ts);
    }
  }

  /** Ends the capture: frees buffered segments (their bytes were never contiguous). */
  finish(): void {
    for (const s of this.#table.values()) s.tcp?.release();
  }

  #packet(p: Packet, frame: number, len: number, ts: [number, number]): void {
    const tcp = p.hasTcp;
    if (!tcp && !p.hasUdp) return;
    const src = p.ipSrc, dst = p.ipDst, sport = p.sport, dport = p.dport;
    const ea = `${src}/${sport}`, eb = `${dst}/${dport}`;
    const key = (tcp ? "t" : "u") + (ea < eb ? `${ea}-${eb}` : `${eb}-${ea}`);
    let s = this.#table.get(key);
    let dir: Direction = s && s.aKey !== ea ? 1 : 0;
    const flags = tcp ? p.tcpFlags : 0;
    // tshark's rule for a new stream on a known 5-tuple: a SYN whose sequence number differs from this direction's first one.
    if (s && tcp && (flags & (SYN | ACK)) === SYN && s.baseSet[dir] && p.seq !== s.base[dir]) {
      s.tcp?.release();
      s = undefined;
    }
    if (!s) {
      if (this.#table.size >= this.#maxFlows) { this.stats.untracked++; return; }
      s = this.#open(tcp, key, ea, src, sport, dst, dport, frame, ts);
      dir = 0;
    }
    s.packets[dir]++;
    s.bytes[dir] += len;
    s.end = ts;
    if (!tcp) {
      this.stats.udp++;
      const data = p.payload;
      if (data.length) {
        s.dataBytes[dir] += data.length;
        this.#handlers.onData?.(s, dir, data);
      }
      return;
    }
    this.stats.tcp++;
    if (!s.baseSet[dir]) { s.baseSet[dir] = true; s.base[dir] = p.seq; }
    if (flags & RST) s.state = "reset";
    else if (flags & FIN) {
      s.fin[dir] = true;
      if (s.state !== "reset") s.state = s.fin[0] && s.fin[1] ? "closed" : "fin";
    } else if (s.state === "syn" && (flags & ACK || p.payloadLength > 0)) s.state = "established";
    s.tcp?.segment(dir, p.seq, p.ack, (flags & SYN) !== 0, p.payloadLength, p.payload);
  }

  #open(tcp: boolean, key: string, aKey: string, aHost: string, aPort: number, bHost: string, bPort: number, frame: number, ts: [number, number]): State {
    const proto = tcp ? "tcp" : "udp";
    const s: State = {
      proto, stream: this.#streams[proto]++, aHost, aPort, bHost, bPort, packets: [0, 0], bytes: [0, 0], dataBytes: [0, 0],
      firstFrame: frame, start: ts, end: ts, state: tcp ? "syn" : "none", fin: [false, false],
      aKey, base: [0, 0], baseSet: [false, false], tcp: null,
    };
    if (tcp && this.#reassemble) {
      const h = this.#handlers;
      s.tcp = new TcpStream(this.#budget, {
        data: (dir, bytes) => { s.dataBytes[dir] += bytes.length; h.onData?.(s, dir, bytes); },
        gap: (dir, missing) => h.onGap?.(s, dir, missing),
      });
    }
    this.#table.set(key, s);
    this.flows.push(s);
    this.#handlers.onFlow?.(s);
    return s;
  }
}
