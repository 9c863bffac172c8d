// Fault tests under load: 1000 concurrent TCP connections each echo their own
// bytes; 10000 AF_UNIX stream connects in bursts of 50 against a small backlog
// all succeed (a full backlog is EAGAIN to the kernel: the connect waits and
// retries, as Python's does); 10k open/close cycles leave the descriptor count
// where it was (/proc/self/fd).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";
import { sf, within } from "../socket/_util.mjs";

const noNative = nativeBuilt() ? null : "native addon not built";
const noProc = existsSync("/proc/self/fd") ? null : "no /proc/self/fd on this system";
const GUARD = 60000;
const fds = () => readdirSync("/proc/self/fd").length;

test("1000 concurrent TCP connections: every one echoes its own bytes", async () => {
  const srv = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
  await srv.bind({ host: "127.0.0.1", port: 0 });
  await srv.listen(1024);
  const N = 1000;
  const serving = (async () => {
    const conns = [];
    for (let i = 0; i < N; i++) {
      const [c] = await srv.accept();
      conns.push((async () => {
        const d = await c.recv();
        await c.sendall(d);
        await c.close();
      })());
    }
    await Promise.all(conns);
  })();
  try {
    const results = await within(Promise.all(Array.from({ length: N }, async (_, i) => {
      const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
      try {
        await c.connect(srv.getsockname());
        const msg = new TextEncoder().encode(`client-${i}`);
        await c.sendall(msg);
        const parts = [];
        for (;;) { const d = await c.recv(); if (!d.length) break; parts.push(...d); }
        return new TextDecoder().decode(new Uint8Array(parts));
      } finally { await c.close(); }
    })), GUARD, "1000 connections");
    results.forEach((r, i) => assert.is(r, `client-${i}`));
    await within(serving, GUARD, "the server");
  } finally { await srv.close(); }
});

test("10000 AF_UNIX stream connects in bursts of 50 against a backlog of 8 all succeed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-load-"));
  const path = join(dir, "srv");
  const srv = sf.socket(sf.AF_UNIX, sf.SOCK_STREAM);
  await srv.bind({ path });
  await srv.listen(8);
  let accepted = 0, stop = false;
  const serving = (async () => {
    while (!stop) {
      let c;
      try { [c] = await srv.accept(); } catch (e) { if (srv.closed) return; throw e; }
      accepted++;
      await c.close();
    }
  })();
  const failures = {};
  let ok = 0;
  try {
    for (let b = 0; b < 200; b++) {
      await within(Promise.all(Array.from({ length: 50 }, async () => {
        const c = sf.socket(sf.AF_UNIX, sf.SOCK_STREAM);
        try { await c.connect({ path }); ok++; } catch (e) { failures[e.code] = (failures[e.code] ?? 0) + 1; } finally { await c.close(); }
      })), GUARD, `burst ${b}`);
    }
    assert.equal(failures, {}, `failed connects by code: ${JSON.stringify(failures)}`);
    assert.is(ok, 10000);
  } finally {
    stop = true;
    await srv.close();
    await serving;
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(accepted > 0);
});

testIf(test, "10k open/close cycles (UDP, TCP pairs, native AF_UNIX datagram) keep the descriptor count stable", noProc, async () => {
  const before = fds();
  for (let i = 0; i < 5000; i++) {
    const s = sf.socket(sf.AF_INET, sf.SOCK_DGRAM);
    await s.bind({ host: "127.0.0.1", port: 0 });
    await s.close();
  }
  const srv = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
  await srv.bind({ host: "127.0.0.1", port: 0 });
  await srv.listen();
  for (let i = 0; i < 2000; i++) {
    const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
    const [, [conn]] = await Promise.all([c.connect(srv.getsockname()), srv.accept()]);
    await c.close();
    await conn.close();
  }
  await srv.close();
  if (!noNative) {
    for (let i = 0; i < 3000; i++) {
      const s = sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM);
      await s.bind({ path: `\0sockfam-cycle-${process.pid}-${i}` });
      await s.close();
    }
  }
  // Runtimes release descriptors on their next loop turn: give them a moment (no speed asserted).
  let after = fds();
  for (let i = 0; i < 50 && after > before + 5; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = fds();
  }
  assert.ok(after <= before + 5, `descriptors before ${before}, after ${after}: a cycle leaks`);
});

test.run();
