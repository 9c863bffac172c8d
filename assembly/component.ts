// Entry point of the WebAssembly *component* build (wit/sockfam.wit): thin
// canonical-ABI wrappers over the core's checksum and framing code. Not part
// of assembly/index.ts. scripts/build-component.mjs compiles this file alone
// and renames each `cm_*` export to its WIT name (cm_inet_checksum ->
// "inet-checksum", cm_post_split_frames -> "cabi_post_split-frames").
//
// Memory: list arguments arrive through `cabi_realloc`, a bump allocator over
// the memory above the static data (grown on demand, so lists of hundreds of
// MiB work). Functions that return plain numbers reset it before returning;
// functions that return lists reset it in their post-return function, after
// the host has copied the result out.
import { inet_sum, inet_checksum_update } from "./checksum";
import { crc32_update, crc32c_update } from "./crc32";
import { frame_scan_prefix, P_U8, P_U16LE, P_U16BE, P_U32LE, P_U32BE } from "./framing/prefix";
import {
  framingIn, frameStarts, frameLens, results, FRAMING_IN_SIZE, R_CONSUMED, R_STATUS, R_ERRPOS, R_ERRVAL,
  ST_OK, ST_BAD_VARINT,
} from "./framing/arena";

// ---- bump allocator -------------------------------------------------------

let heapStart: usize = 0;
let top: usize = 0;

/** Makes sure memory reaches `end` (grows it if needed; traps if it cannot). */
function ensure(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}

function reset(): void {
  if (heapStart == 0) heapStart = (__heap_base + 15) & ~(<usize>15);
  top = heapStart;
}

function alloc(size: usize, align: usize): usize {
  if (top == 0) reset();
  const p = (top + align - 1) & ~(align - 1);
  ensure(p + size);
  top = p + size;
  return p;
}

/** Canonical ABI allocator: new blocks from the bump region; a resize copies. */
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  const p = alloc(newSize, align == 0 ? 1 : align);
  if (oldPtr != 0) memory.copy(p, oldPtr, oldSize < newSize ? oldSize : newSize);
  return p;
}

// ---- checksums --------------------------------------------------------------

export function cm_inet_checksum(ptr: usize, len: i32, initial: u32): u32 {
  const r = ~inet_sum(ptr, len, initial) & 0xffff;
  reset();
  return r;
}

export function cm_inet_sum(ptr: usize, len: i32, initial: u32): u32 {
  const r = inet_sum(ptr, len, initial);
  reset();
  return r;
}

export function cm_inet_checksum_update(oldChecksum: u32, oldWord: u32, newWord: u32): u32 {
  return inet_checksum_update(oldChecksum, oldWord, newWord);
}

export function cm_crc32(ptr: usize, len: i32, seed: u32): u32 {
  const r = crc32_update(ptr, len, seed);
  reset();
  return r;
}

export function cm_crc32c(ptr: usize, len: i32, seed: u32): u32 {
  const r = crc32c_update(ptr, len, seed);
  reset();
  return r;
}

// ---- framing ------------------------------------------------------------------

// result<_, frame-error> in memory: u8 discriminant at 0, payload from offset 4.
const ret = memory.data(16, 8);
const E_TOO_LARGE: u8 = 0;
const E_BAD_VARINT: u8 = 1;

function retError(code: u8, offset: u32, value: u32): usize {
  store<u8>(ret, 1);
  store<u8>(ret, code, 4);
  store<u32>(ret, offset, 8);
  store<u32>(ret, value, 12);
  return ret;
}

/** Encodes one frame: the prefix (enum prefix-kind: u8, u16le, u16be, u32le, u32be, varint), then the payload. */
export function cm_encode_frame(kind: i32, ptr: usize, len: i32): usize {
  const n = <u32>len;
  if ((kind == P_U8 && n > 0xff) || ((kind == P_U16LE || kind == P_U16BE) && n > 0xffff)) {
    return retError(E_TOO_LARGE, 0, n);
  }
  const out = alloc(<usize>n + 5, 1);
  let h: usize = 0;
  if (kind == P_U8) { store<u8>(out, <u8>n); h = 1; }
  else if (kind == P_U16LE) { store<u16>(out, <u16>n); h = 2; }
  else if (kind == P_U16BE) { store<u16>(out, bswap<u16>(<u16>n)); h = 2; }
  else if (kind == P_U32LE) { store<u32>(out, n); h = 4; }
  else if (kind == P_U32BE) { store<u32>(out, bswap<u32>(n)); h = 4; }
  else {
    let v = n;
    while (v >= 0x80) { store<u8>(out + h, <u8>(v & 0x7f) | 0x80); v >>>= 7; h++; }
    store<u8>(out + h, <u8>v);
    h++;
  }
  memory.copy(out + h, ptr, <usize>n);
  store<u8>(ret, 0);
  store<u32>(ret, <u32>out, 4);
  store<u32>(ret, n + <u32>h, 8);
  return ret;
}

/** Post-return of encode-frame: frees the argument and the result. */
export function cm_post_encode_frame(_p: usize): void {
  reset();
}

/** Longest frame the component splits: the framing window less the longest prefix. */
const MAX_SPLIT_FRAME: u32 = <u32>FRAMING_IN_SIZE - 5;

/**
 * Splits whole frames off the front of the buffer by sliding the framing
 * scanner's window over it. The frame list points into the argument buffer
 * (no copies); the host copies it out before post-return frees both.
 */
export function cm_split_frames(kind: i32, ptr: usize, len: i32, maxFrame: u32): usize {
  const limit = maxFrame < MAX_SPLIT_FRAME ? maxFrame : MAX_SPLIT_FRAME;
  const list = alloc(0, 4); // grows in place: nothing else allocates during the loop
  let count: usize = 0;
  let pos: u32 = 0;
  const total = <u32>len;
  while (pos < total) {
    const chunk = total - pos < <u32>FRAMING_IN_SIZE ? total - pos : <u32>FRAMING_IN_SIZE;
    memory.copy(framingIn, ptr + <usize>pos, <usize>chunk);
    const n = frame_scan_prefix(kind, <i32>chunk, limit);
    if (n > 0) {
      ensure(list + ((count + <usize>n) << 3));
      top = list + ((count + <usize>n) << 3);
      for (let i = 0; i < n; i++) {
        const e = list + ((count + <usize>i) << 3);
        store<u32>(e, <u32>ptr + pos + load<u32>(frameStarts + (<usize>i << 2)));
        store<u32>(e, load<u32>(frameLens + (<usize>i << 2)), 4);
      }
      count += <usize>n;
    }
    const status = load<i32>(results + (<usize>R_STATUS << 2));
    if (status != ST_OK) {
      const code = status == ST_BAD_VARINT ? E_BAD_VARINT : E_TOO_LARGE;
      return retError(code, pos + load<u32>(results + (<usize>R_ERRPOS << 2)), load<u32>(results + (<usize>R_ERRVAL << 2)));
    }
    const consumed = load<u32>(results + (<usize>R_CONSUMED << 2));
    if (consumed == 0) break; // the next frame is incomplete
    pos += consumed;
  }
  store<u8>(ret, 0);
  store<u32>(ret, <u32>list, 4);
  store<u32>(ret, <u32>count, 8);
  store<u32>(ret, pos, 12);
  return ret;
}

/** Post-return of split-frames: frees the argument buffer and the frame list. */
export function cm_post_split_frames(_p: usize): void {
  reset();
}
