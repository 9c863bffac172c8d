/**
 * IPv4 and IPv6 fragment reassembly, as Linux does it since the FragmentSmack
 * fixes: an exact duplicate is ignored, any other overlap drops the whole
 * datagram (RFC 5722 for IPv6; Linux applies it to IPv4 too) and later
 * fragments of it are dropped until it times out. Limits: fragments per
 * datagram, datagram size (65535), total memory (oldest datagrams evicted
 * first), and a timeout measured in capture time.
 *
 * @module
 */
import { inetChecksum } from "../checksum/inet.ts";

/** Limits of the defragmenter. */
export interface DefragOptions {
  /** Fragments one datagram may have (default 64). */
  maxFragments?: number;
  /** Bytes held for incomplete datagrams, all together, counting 64 bytes of overhead per fragment (default 4 MiB, Linux's ipfrag_high_thresh). */
  maxMemory?: number;
  /** Seconds of capture time an incomplete datagram waits (default 30, Linux's ipfrag_time). */
  timeout?: number;
}

/** What the defragmenter did. */
export interface DefragStats {
  /** Fragments seen. */
  fragments: number;
  /** Datagrams rebuilt. */
  reassembled: number;
  /** Exact duplicate fragments ignored. */
  duplicates: number;
  /** Datagrams dropped for an overlap. */
  overlaps: number;
  /** Fragments dropped: malformed (length not a multiple of 8, past 65535, cut by the snaplen) or of a dropped datagram. */
  dropped: number;
  /** Datagrams dropped for having too many fragments. */
  tooManyFragments: number;
  /** Incomplete datagrams evicted for memory. */
  evicted: number;
  /** Incomplete datagrams that timed out. */
  timedOut: number;
  /** Bytes held now, and the most held at any time. */
  memory: number;
  peakMemory: number;
}

/** One fragment as the engine hands it over. */
export interface Fragment {
  /** "4" or "6" plus addresses and identification: datagrams with equal keys are reassembled together. */
  key: string;
  /** Offset of the data in the datagram, in bytes. */
  offset: number;
  /** More fragments follow. */
  more: boolean;
  /** The fragment's data (after the IP header / fragment header). */
  data: Uint8Array;
  /** For offset 0: the bytes of the datagram before the data (IPv4 header; IPv6 unfragmentable part with the fragment header removed). */
  head: Uint8Array | null;
  /** IPv4 (4) or IPv6 (6). */
  version: 4 | 6;
  /** Capture time in seconds. */
  time: number;
}

interface Queue {
  parts: { off: number; data: Uint8Array }[];
  head: Uint8Array | null;
  size: number;
  have: number;
  cost: number;
  first: number;
  dead: boolean;
  version: 4 | 6;
}

const OVERHEAD = 64;

/** Reassembles fragments into whole IP datagrams. */
export class Defragmenter {
  readonly stats: DefragStats = {
    fragments: 0, reassembled: 0, duplicates: 0, overlaps: 0, dropped: 0, tooManyFragments: 0,
    evicted: 0, timedOut: 0, memory: 0, peakMemory: 0,
  };
  readonly #queues = new Map<string, Queue>();
  readonly #maxFragments: number;
  readonly #maxMemory: number;
  readonly #timeout: number;

  constructor(options: DefragOptions = {}) {
    this.#maxFragments = options.maxFragments ?? 64;
    this.#maxMemory = options.maxMemory ?? 4 << 20;
    this.#timeout = options.timeout ?? 30;
  }

  /** Adds a fragment; returns the whole datagram (IP header included) when this one completes it. */
  add(f: Fragment): Uint8Array | null {
    const s = this.stats;
    s.fragments++;
    this.#expire(f.time);
    const end = f.offset + f.data.length;
    const headLen = f.head ? f.head.length : 0;
    if ((f.more && f.data.length % 8 !== 0) || end > 65535 || (f.version === 4 && headLen + end > 65535) || (f.more && f.data.length === 0)) {
      s.dropped++;
      return null;
    }
    let q = this.#queues.get(f.key);
    if (!q) {
      q = { parts: [], head: null, size: -1, have: 0, cost: 0, first: f.time, dead: false, version: f.version };
      this.#queues.set(f.key, q);
    }
    if (q.dead) { s.dropped++; return null; }
    if (!f.more) {
      if ((q.size >= 0 && q.size !== end) || q.parts.some((p) => p.off + p.data.length > end)) return this.#kill(q, "overlaps");
      q.size = end;
    } else if (q.size >= 0 && end > q.size) return this.#kill(q, "overlaps");
    for (const p of q.parts) {
      const pe = p.off + p.data.length;
      if (f.offset < pe && p.off < end) {
        if (p.off === f.offset && pe === end) { s.duplicates++; return null; }
        return this.#kill(q, "overlaps");
      }
    }
    if (q.parts.length >= this.#maxFragments) return this.#kill(q, "tooManyFragments");
    const cost = f.data.length + headLen + OVERHEAD;
    while (s.memory + cost > this.#maxMemory && this.#evictOldest(q));
    if (s.memory + cost > this.#maxMemory) { s.dropped++; return null; }
    q.parts.push({ off: f.offset, data: f.data.slice() });
    if (f.head) q.head = f.head.slice();
    q.have += f.data.length;
    q.cost += cost;
    s.memory += cost;
    if (s.memory > s.peakMemory) s.peakMemory = s.memory;
    if (q.size < 0 || q.have !== q.size || !q.head) return null;
    if (q.head.length - (q.version === 6 ? 40 : 0) + q.size > 65535) return this.#kill(q, "overlaps");
    this.#remove(f.key, q);
    s.reassembled++;
    return build(q);
  }

  #kill(q: Queue, why: "overlaps" | "tooManyFragments"): null {
    this.stats[why]++;
    this.stats.memory -= q.cost;
    q.cost = 0;
    q.parts = [];
    q.head = null;
    q.dead = true;
    return null;
  }

  #remove(key: string, q: Queue): void {
    this.stats.memory -= q.cost;
    this.#queues.delete(key);
  }

  #evictOldest(keep: Queue): boolean {
    for (const [k, q] of this.#queues) {
      if (q === keep || q.cost === 0) continue;
      this.#remove(k, q);
      this.stats.evicted++;
      return true;
    }
    return false;
  }

  #expire(now: number): void {
    // Insertion order is arrival order, so the oldest datagrams come first.
    for (const [k, q] of this.#queues) {
      if (now - q.first < this.#timeout) break;
      if (!q.dead) this.stats.timedOut++;
      this.#remove(k, q);
    }
  }
}

function build(q: Queue): Uint8Array {
  const head = q.head!;
  const out = new Uint8Array(head.length + q.size);
  out.set(head, 0);
  for (const p of q.parts) out.set(p.data, head.length + p.off);
  if (q.version === 4) {
    const total = out.length;
    out[2] = total >>> 8; out[3] = total & 255;
    out[6] &= 0x40; out[7] = 0; // keep DF, clear MF and the offset
    out[10] = 0; out[11] = 0;
    const c = inetChecksum(out.subarray(0, head.length));
    out[10] = c >>> 8; out[11] = c & 255;
  } else {
    const plen = out.length - 40;
    out[4] = plen >>> 8; out[5] = plen & 255;
  }
  return out;
}
