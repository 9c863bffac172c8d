/**
 * Address text to bytes for the packet builder (internal).
 *
 * @module
 */

/** "aa:bb:cc:dd:ee:ff" (or with dashes) to 6 bytes. */
export function macBytes(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new TypeError(`"${text}" is not a MAC address: write six hex bytes such as "02:00:00:00:00:01"`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** "10.0.0.1" to 4 bytes. */
export function ipv4Bytes(text: string): Uint8Array {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new TypeError(`"${text}" is not an IPv4 address: write a dotted quad such as "10.0.0.1"`);
  }
  return Uint8Array.from(parts, Number);
}

/** "2001:db8::1" (also with an embedded IPv4 tail) to 16 bytes. */
export function ipv6Bytes(text: string): Uint8Array {
  const bad = () => new TypeError(`"${text}" is not an IPv6 address: write it as e.g. "2001:db8::1"`);
  let s = text.replace(/%.*$/, "");
  const words: number[] = [];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  let v4: Uint8Array | null = null;
  if (tail) {
    v4 = ipv4Bytes(tail[1]!);
    s = s.slice(0, -tail[1]!.length) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) throw bad();
  const parse = (h: string) => (h === "" ? [] : h.split(":").map((w) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) throw bad();
    return parseInt(w, 16);
  }));
  const head = parse(halves[0]!), rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (halves.length === 2) {
    const zeros = 8 - head.length - rest.length;
    if (zeros < 1) throw bad();
    words.push(...head, ...new Array(zeros).fill(0), ...rest);
  } else words.push(...head);
  if (words.length !== 8) throw bad();
  const out = new Uint8Array(16);
  words.forEach((w, i) => { out[2 * i] = w >> 8; out[2 * i + 1] = w & 255; });
  if (v4) out.set(v4, 12);
  return out;
}
