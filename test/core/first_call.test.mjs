// First calls in a fresh process, large inputs first: removing a table
// initialisation from a large-input path once went unnoticed because every
// test warmed the core up with a small input. Each core function's first call
// here runs in its own process and is checked against an independent reference.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { zlibCrc32 } from "./_zlib.mjs";
import { refCrc32c, refInetChecksum } from "../_reference.mjs";
import { runtime } from "../_harness.mjs";

const child = new URL("./_first_call.mjs", import.meta.url).pathname;
const cmd = runtime === "deno" ? [Deno.execPath(), "run", "-A", child] : [process.execPath, child];
function first(name) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd[0], [...cmd.slice(1), name], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name}: exit ${code}: ${err}`))));
  });
}
const big = (n, seed) => { const b = new Uint8Array(n); let s = seed; for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; b[i] = s >>> 24; } return b; };

test("each core function's first call, with a large input, in a fresh process", async () => {
  const names = ["crc32", "crc32c", "crc32cHuge", "crc32Huge", "inetChecksum", "inetChecksumHuge", "decode", "dissect", "dissectCapture"];
  const got = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await first(n)])));
  assert.is(got.crc32, zlibCrc32(big(40000, 1)));
  assert.is(got.crc32c, refCrc32c(big(40000, 1)));
  assert.is(got.crc32cHuge, refCrc32c(big((1 << 20) * 3 + 5, 2)));
  assert.is(got.crc32Huge, zlibCrc32(big((1 << 20) * 3 + 5, 2)));
  assert.is(got.inetChecksum, refInetChecksum(big(40001, 3)));
  assert.is(got.inetChecksumHuge, refInetChecksum(big((1 << 20) * 3 + 1, 3)));
  assert.equal(got.decode, [zlibCrc32(big(300000, 4)), zlibCrc32(big(5, 5))]);
  const d = got.dissect;
  assert.is(d.ipv4.id, 0xfedc);
  assert.is(d.tcp.sport, 65000);
  assert.is(d.tcp.seq, 0xfffffff0);
  assert.is(d.tcp.window, 65535);
  assert.is(d.tcp.checksumOk, true);
  assert.is(d.payloadLen, 60000);
  assert.is(got.dissectCapture[0], 20000);
  assert.ok(got.dissectCapture[1] > 10000, "checksums verified on the first whole-capture call");
});

test.run();
