/**
 * A growable byte buffer for the CLI's output path: numbers, IPv4 and MAC
 * addresses are written as ASCII digits straight into bytes, so formatting a
 * batch allocates no string per field.
 *
 * @module
 */

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEXC = new Uint8Array(512);
for (let i = 0; i < 256; i++) { HEXC[2 * i] = HEX2[i]!.charCodeAt(0); HEXC[2 * i + 1] = HEX2[i]!.charCodeAt(1); }
const enc = new TextEncoder();
/** "00".."99" as character codes, two per number. */
const DIG2 = new Uint8Array(200);
for (let i = 0; i < 100; i++) { DIG2[2 * i] = 48 + ((i / 10) | 0); DIG2[2 * i + 1] = 48 + (i % 10); }

/** Bytes being written; {@link AsciiWriter.take} returns them and starts over. */
export class AsciiWriter {
  /** The buffer (grows as needed). */
  buf: Uint8Array;
  /** Bytes written. */
  pos = 0;

  /** A writer with `size` bytes to start with. */
  constructor(size = 1 << 20) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** An ASCII string (call {@link AsciiWriter.room} first, or use {@link AsciiWriter.text}). */
  str(s: string): void {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any string, UTF-8 encoded, with room made for it. */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += enc.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** One byte (a character code). */
  ch(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative whole number in decimal. */
  num(n: number): void {
    const b = this.buf;
    if (n < 10) { b[this.pos++] = 48 + n; return; }
    if (n >= 1e10) { this.str(String(n)); return; }
    const len = n < 100 ? 2 : n < 1000 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
    let q = this.pos + len;
    this.pos = q;
    if (n > 0x7fffffff) {
      // Above int32: peel off four digits so the rest is small-integer arithmetic.
      const hi = Math.floor(n / 10000);
      let lo = n - hi * 10000;
      const r = lo % 100;
      lo = (lo / 100) | 0;
      b[--q] = DIG2[2 * r + 1]!; b[--q] = DIG2[2 * r]!; b[--q] = DIG2[2 * lo + 1]!; b[--q] = DIG2[2 * lo]!;
      n = hi;
    }
    n |= 0;
    while (n >= 100) { const r = n % 100; n = (n / 100) | 0; b[--q] = DIG2[2 * r + 1]!; b[--q] = DIG2[2 * r]!; }
    if (n >= 10) { b[--q] = DIG2[2 * n + 1]!; b[--q] = DIG2[2 * n]!; }
    else b[--q] = 48 + n;
  }

  /** A whole number in decimal, negative ones with a minus sign. */
  int(n: number): void {
    if (n < 0) { this.ch(45); n = -n; }
    this.num(n);
  }

  /** A non-negative whole number in decimal, zero-padded to `width` digits. */
  padded(n: number, width: number): void {
    const b = this.buf;
    let q = this.pos + width;
    this.pos = q;
    for (let k = 0; k < width; k++) { const d = n % 10; n = (n - d) / 10; b[--q] = 48 + d; }
  }

  /** A host-order IPv4 address as a dotted quad. */
  ipv4(a: number): void {
    this.num(a >>> 24); this.ch(46);
    this.num((a >>> 16) & 255); this.ch(46);
    this.num((a >>> 8) & 255); this.ch(46);
    this.num(a & 255);
  }

  /** Six bytes of `f` at `o` as a MAC address (lower-case hex with colons). */
  mac(f: Uint8Array, o: number): void {
    const b = this.buf;
    let p = this.pos;
    for (let k = 0; k < 6; k++) {
      if (k) b[p++] = 58;
      const x = f[o + k]! * 2;
      b[p++] = HEXC[x]!; b[p++] = HEXC[x + 1]!;
    }
    this.pos = p;
  }

  /** Four hex digits, e.g. an ethertype. */
  hex4(n: number): void {
    const x = (n >>> 8) & 255, y = n & 255;
    this.ch(HEXC[2 * x]!); this.ch(HEXC[2 * x + 1]!); this.ch(HEXC[2 * y]!); this.ch(HEXC[2 * y + 1]!);
  }

  /**
   * The bytes written, as a view of the buffer (no copy), and the writer
   * starts over: the view is valid until the next write, so write it out
   * (and wait for the write to finish) first.
   */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
}
