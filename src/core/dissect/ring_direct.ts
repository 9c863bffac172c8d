/**
 * Dissection straight from a packet socket's TPACKET_V3 ring: the ring read
 * writes the frames into the core's frames arena and their metadata into its
 * scratch, and the core fills the columns and dissects them there — one copy
 * of each frame (ring to arena), none through a RingBatch. The read and the
 * dissection are one synchronous stretch, so nothing else can use the arena
 * in between.
 *
 * @example
 * ```ts
 * import { recvDissect, type PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * let udp = 0;
 * for (;;) await recvDissect(sock, (t) => { for (const p of t) if (p.hasUdp) udp++; });
 * ```
 * @module
 */
import { LINKTYPE_ETHERNET } from "../constants.ts";
import { CAPACITY, FRAMES_SIZE, exclusive } from "./_engine.ts";
import type { BatchVisitor } from "./capture.ts";
import type { PacketSocket } from "../native/socket.ts";
import type { WaitOptions } from "../socket/types.ts";
import { arenaBatch, chunkBatch, ringDissect, visitRows } from "./_ring.ts";
import type { RingBatch } from "../native/ring.ts";

/** Options of {@link pollDissect} and {@link recvDissect}. */
export interface RingDissectOptions extends WaitOptions {
  /** Link type of the frames (LINKTYPE_ETHERNET, the default, for SOCK_RAW packet sockets). */
  linktype?: number;
}

/**
 * Dissects the frames `sock`'s ring holds right now (up to about 8192),
 * read straight into the core in reads of at most 256 KiB, each dissected
 * while it is still in the CPU cache; `visit` gets a live table per read,
 * valid during the call, with the index of its first frame. Returns the
 * number of frames (0 when the ring is empty; nothing waits).
 *
 * @example
 * ```ts
 * import { pollDissect, type PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * let tcp = 0;
 * while (pollDissect(sock, (t) => { for (const p of t) if (p.hasTcp) tcp++; }) > 0);
 * ```
 */
export function pollDissect(sock: PacketSocket, visit?: BatchVisitor, options: RingDissectOptions = {}): number {
  const link = options.linktype ?? LINKTYPE_ETHERNET;
  return exclusive(CAPACITY, FRAMES_SIZE, () => {
    let total = 0;
    while (total < CAPACITY) {
      const b = read(sock);
      const n = b.count;
      if (n === 0) break;
      ringDissect(n, 0, link);
      if (visit) visitRows(visit, n, b.bytes, total);
      total += n;
    }
    return total;
  });
}

/** One ring read into the first CHUNK_BYTES of the arena (the whole arena for a frame larger than that). */
function read(sock: PacketSocket): RingBatch {
  try {
    return sock.pollBatch(chunkBatch());
  } catch (e) {
    if ((e as { code?: string }).code !== "EMSGSIZE") throw e;
    return sock.pollBatch(arenaBatch());
  }
}

/**
 * Waits for frames on `sock`'s ring and dissects them straight from the ring
 * ({@link pollDissect}; while it is empty, `sock.waitReadable` waits, reading
 * nothing). Returns the number of frames dissected (at least one); rejects as
 * recvBatch does (ETIMEDOUT after the socket's timeout, ECANCELED on
 * `options.signal`, EBADF once closed).
 *
 * @example
 * ```ts
 * import { recvDissect, type PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * const n = await recvDissect(sock, (t) => { for (const p of t) console.log(p.ipSrc, p.dport); });
 * ```
 */
export async function recvDissect(sock: PacketSocket, visit?: BatchVisitor, options: RingDissectOptions = {}): Promise<number> {
  for (;;) {
    const n = pollDissect(sock, visit, options);
    if (n > 0) return n;
    await sock.waitReadable({ signal: options.signal });
  }
}
