// zlib's CRC-32 as an independent reference: node:zlib's crc32 where the
// runtime has it (Node >= 20.15, Deno), otherwise Python's zlib.crc32 in a
// subprocess. Never sockfam's own crc32.
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";

const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import zlib"], { stdio: "ignore" }).status === 0);

/** Where the reference comes from ("node:zlib", "python zlib"), or null when neither is available. */
export const zlibSource = typeof zlib.crc32 === "function" ? "node:zlib" : python ? "python zlib" : null;

/** zlib's crc32(bytes, seed) as an unsigned number. */
export function zlibCrc32(bytes, seed = 0) {
  if (typeof zlib.crc32 === "function") return zlib.crc32(bytes, seed) >>> 0;
  if (!python) throw new Error("no zlib reference: neither node:zlib.crc32 nor python3 is available");
  const r = spawnSync(python, ["-c", `import sys, zlib; print(zlib.crc32(sys.stdin.buffer.read(), ${seed >>> 0}))`], { input: bytes, encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`python zlib failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}
