// Readiness waits of native sockets at scale and in both directions at once:
// Node's uv_poll_t watchers, Deno's reactor thread (src/deno/reactor.ts: one
// epoll set, reports of up to 256 descriptors at a time) — many sockets
// waiting together, a read and a write wait on one descriptor, a withdrawn
// wait that, once its socket is closed, lets the process exit.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, testIf } from "../_harness.mjs";
import { closeTracked, dec, enc, sf, track, within } from "../socket/_util.mjs";
import { nativeBuilt } from "./_netns.mjs";

const C = sf;
const LO = { host: "127.0.0.1", port: 0 };
const noShim = nativeBuilt() ? null : "the native shim is not built (npm run build)";
const noMany = noShim ?? (runtime === "bun" ? "Bun waits in worker threads (src/bun/wait_pool.ts): one thread per pending wait, 600 would be 600 threads" : null);

testIf(test, "600 native UDP sockets waiting at once each get their own datagram (more than two reactor reports of 256)", noMany, async () => {
  const n = 600;
  const socks = [];
  for (let i = 0; i < n; i++) {
    const s = track(sf.nativeSocket(C.AF_INET, C.SOCK_DGRAM));
    await s.bind(LO);
    socks.push(s);
  }
  const got = socks.map((s) => s.recv(64));
  const tx = track(sf.nativeSocket(C.AF_INET, C.SOCK_DGRAM));
  // In reverse order, so that readiness arrives unlike the order the waits began.
  for (let i = n - 1; i >= 0; i--) await tx.sendto(enc(`to ${i}`), socks[i].getsockname());
  const texts = await within(Promise.all(got), 10_000, "600 receives");
  texts.forEach((d, i) => assert.is(dec(d), `to ${i}`));
});

testIf(test, "a read wait and a write wait on one descriptor: sendall blocked on a full buffer while recv waits, both finish", noShim, async () => {
  const l = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  await l.bind(LO);
  await l.listen(1);
  const c = track(sf.nativeSocket(C.AF_INET, C.SOCK_STREAM));
  c.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, 16384);
  const [[conn]] = await Promise.all([l.accept(), c.connect(l.getsockname())]);
  track(conn);
  const reply = c.recv(64); // pending read wait
  const big = new Uint8Array(8 << 20).fill(7);
  const sent = c.sendall(big); // fills the send buffer: write waits on the same descriptor
  let total = 0, sum = 0;
  while (total < big.length) {
    const d = await conn.recv(65536);
    assert.ok(d.length > 0, "the stream ended early");
    for (const b of d) sum += b;
    total += d.length;
    if (total < 1 << 20) await new Promise((r) => setTimeout(r, 1)); // slow at first: the writer must wait
  }
  await within(sent, 10_000, "sendall");
  assert.is(sum, 7 * big.length);
  await conn.send(enc("done"));
  assert.is(dec(await within(reply, 5_000, "recv")), "done");
});

testIf(test, "a process whose native wait timed out and whose socket is closed exits (the withdrawn wait holds nothing)", noShim, () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-ready-"));
  try {
    const mod = fileURLToPath(new URL(`../../dist/${runtime}/mod.js`, import.meta.url));
    const file = join(dir, "child.mjs");
    writeFileSync(file, `import * as sf from ${JSON.stringify(mod)};
const s = sf.nativeSocket(sf.AF_INET, sf.SOCK_DGRAM);
await s.bind({ host: "127.0.0.1", port: 0 });
s.settimeout(0.2);
try { await s.recv(10); } catch (e) { console.log(e.code); }
await s.close();
`);
    const cmd = runtime === "deno" ? [Deno.execPath(), ["run", "-A", "--quiet", file]] : [process.execPath, [file]];
    const r = spawnSync(cmd[0], cmd[1], { encoding: "utf8", timeout: 20_000 });
    assert.is(r.signal, null, `the child did not exit by itself: ${r.stderr}`);
    assert.is(r.stdout.trim(), "ETIMEDOUT", r.stderr);
    assert.is(r.status, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after.each(closeTracked);
test.run();
