/**
 * Packet timestamps as tcpdump prints them: wall-clock `HH:MM:SS.ffffff` in
 * local time by default; `-t` none, `-tt` epoch seconds, `-ttt` the delta to
 * the previous packet, `-tttt` date and time, `-ttttt` the delta to the first.
 *
 * @module
 */

/** How timestamps are printed: the number of `-t` flags (0 = wall-clock time), and nanosecond digits. */
export interface TimeOptions {
  /** tcpdump's `-t` count: 0 time of day, 1 none, 2 epoch, 3 delta to previous, 4 date and time, 5 delta to first. */
  mode: number;
  /** Nine fraction digits instead of six (tcpdump's --nano). */
  nano: boolean;
}

const p2 = (x: number) => (x < 10 ? `0${x}` : `${x}`);

/** A stateful timestamp formatter (the delta modes remember the previous/first packet). */
export class TimeFormat {
  /** The options this formatter prints with. */
  readonly options: TimeOptions;
  #sec = -1;
  #prefix = "";
  #prevSec = NaN;
  #prevNs = 0;

  /** A formatter for `options`. */
  constructor(options: TimeOptions) {
    this.options = options;
  }

  /** True when no timestamp is printed at all (`-t`). */
  get none(): boolean { return this.options.mode === 1; }

  #frac(ns: number): string {
    return this.options.nano ? String(ns).padStart(9, "0") : String(Math.floor(ns / 1000)).padStart(6, "0");
  }

  #delta(sec: number, ns: number, fromSec: number, fromNs: number): string {
    let ds = sec - fromSec, dn = ns - fromNs;
    if (dn < 0) { ds--; dn += 1e9; }
    let sign = "";
    if (ds < 0) { sign = "-"; if (dn > 0) { ds++; dn = 1e9 - dn; } ds = -ds; }
    return `${sign}${p2(Math.floor(ds / 3600))}:${p2(Math.floor(ds / 60) % 60)}:${p2(ds % 60)}.${this.#frac(dn)}`;
  }

  /**
   * The part before the fraction for modes 0 (time of day), 2 (epoch) and 4
   * (date and time), cached per second; undefined for the delta modes.
   */
  whole(sec: number): string | undefined {
    const mode = this.options.mode;
    if (mode === 2) return `${sec}`;
    if (mode === 3 || mode === 5 || mode === 1) return undefined;
    if (sec !== this.#sec) {
      const d = new Date(sec * 1000);
      const hms = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
      this.#prefix = mode === 4 ? `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${hms}` : hms;
      this.#sec = sec;
    }
    return this.#prefix;
  }

  /** The timestamp text for [sec, ns] (seconds since the epoch, nanoseconds), or "-" when unknown. */
  format(sec: number, ns: number): string {
    const mode = this.options.mode;
    if (mode === 2) return `${sec}.${this.#frac(ns)}`;
    if (mode === 3 || mode === 5) {
      const first = Number.isNaN(this.#prevSec);
      const out = first ? this.#delta(0, 0, 0, 0) : this.#delta(sec, ns, this.#prevSec, this.#prevNs);
      if (first || mode === 3) { this.#prevSec = sec; this.#prevNs = ns; }
      return out;
    }
    return `${this.whole(sec)}.${this.#frac(ns)}`;
  }
}
