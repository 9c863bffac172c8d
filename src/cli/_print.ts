/**
 * What `dissect` and `capture` share about printing packets: the tcpdump-like
 * output switches, the one-time note about checksum offload, and the progress
 * line on stderr.
 *
 * @module
 */
import type { OptionsSpec } from "./_args.ts";
import type { LineOptions } from "./_line.ts";
import { writeErr } from "./_runtime.ts";

/** The output switches of `dissect` and `capture` (tcpdump's letters). */
export const outputOptions: OptionsSpec = {
  t: { type: "boolean", short: "t", multiple: true, help: "-t no timestamp, -tt epoch seconds, -ttt delta to previous, -tttt date and time, -ttttt delta to first (default: time of day)" },
  nano: { type: "boolean", help: "nanosecond timestamps (nine digits)" },
  link: { type: "boolean", short: "e", help: "print the link-level header (MAC addresses, ethertype) on each line" },
  "dont-verify-checksums": { type: "boolean", short: "K", help: "do not mark bad checksums (captures on loopback/veth: checksum offload)" },
  numeric: { type: "boolean", short: "n", multiple: true, help: "accepted for tcpdump habits: sockfam never resolves names" },
};

/** The note printed once when a line carried a bad-checksum mark. */
export const CHECKSUM_NOTE =
  "sockfam: note: [bad cksum] means the checksum in the packet does not match its contents. On captures from loopback or veth " +
  "interfaces, and of packets this host sends, that is normal: the kernel leaves checksums to the network card (checksum offload) " +
  "and they are never filled in where the capture sees them. -K (--dont-verify-checksums) hides the marks.\n";

/** A function that prints {@link CHECKSUM_NOTE} to stderr once, after the first line with a mark. */
export function checksumNote(lo: LineOptions): () => void {
  let shown = false;
  return () => {
    if (!shown && lo.badChecksums > 0) { shown = true; writeErr(CHECKSUM_NOTE); }
  };
}

/** Files smaller than this get no progress line unless it is forced. */
export const PROGRESS_MIN_BYTES = 16 << 20;

/**
 * A progress line on stderr (packets, MB, packets/s), redrawn at most 5 times
 * a second: always when `mode` is "on", for files of PROGRESS_MIN_BYTES or
 * more when "auto", never when "off".
 */
export function progressMeter(mode: "on" | "auto" | "off"): { update(bytes: number, size: number, packets: number): void; done(): void } {
  const t0 = performance.now();
  let last = 0, shown = false;
  return {
    update(bytes, size, packets) {
      if (mode === "off" || (mode === "auto" && size < PROGRESS_MIN_BYTES)) return;
      const now = performance.now();
      if (now - last < 200 && bytes < size) return;
      last = now;
      shown = true;
      const s = Math.max((now - t0) / 1000, 1e-3);
      const pct = size > 0 ? ` (${Math.min(100, (bytes / size) * 100).toFixed(0)}%)` : "";
      writeErr(`\r${packets} packets, ${(bytes / 1e6).toFixed(1)} of ${(size / 1e6).toFixed(1)} MB${pct}, ${Math.round(packets / s)} packets/s\x1b[K`);
    },
    done() {
      if (shown) writeErr("\n");
      shown = false;
    },
  };
}
