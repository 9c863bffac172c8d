// A TypeScript consumer in a fresh directory (node_modules/sockfam -> this
// repo) type-checks against the built declarations: sockfam/core with browser
// libs and no @types/node (its types leak no Node types; the adapters are
// type-checked with @types/node by the build itself). skipLibCheck is off, so dist/**/*.d.ts are checked too, and a
// deliberate type error in a second file must be the only error reported.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

const CORE = `import { AF_INET, SocketError, FrameError, buildPacket, crc32, decodeFrames, dissect, encodeFrames, inetChecksum } from "sockfam/core";
import type { PacketJSON } from "sockfam/core";
const sum: number = crc32(new Uint8Array(3)) ^ inetChecksum(new Uint8Array(2));
const frames: Uint8Array[] = decodeFrames(encodeFrames([new Uint8Array(1)], { format: "varint" }), { format: "varint" });
const p: PacketJSON = dissect(buildPacket({ ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 } }), 101);
const src: string | undefined = p.ipv4?.src;
const e: Error = new SocketError("EINVAL", "x");
const f: Error = new FrameError("TRUNCATED", "x", 0);
export const all = [sum, frames, src, e, f, AF_INET];
`;
const BAD = `import { crc32 } from "sockfam/core";
export const n: string = crc32(new Uint8Array(1));
`;

function project(dir, name, sources, types) {
  for (const [file, text] of Object.entries(sources)) writeFileSync(join(dir, file), text);
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({
    compilerOptions: {
      module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true,
      skipLibCheck: false, skipDefaultLibCheck: true, lib: ["ES2023", "DOM", "DOM.Iterable", "ESNext.Disposable"],
      types, typeRoots: [join(root, "node_modules", "@types")],
    },
    files: Object.keys(sources),
  }));
  const r = spawnSync(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

const reason = runtime !== "node" ? "runs once, under node (tsc's verdict does not depend on the runtime that starts it)" : null;

testIf(test, "a TypeScript consumer type-checks against dist/*.d.ts (sockfam/core, browser libs, no @types/node)", reason, () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-consumer-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules", "sockfam"), "dir");
    const core = project(dir, "core", { "core.ts": CORE, "bad.ts": BAD }, []);
    const errors = core.out.split("\n").filter((l) => /error TS\d+/.test(l));
    assert.is(errors.length, 1, `sockfam/core consumer: expected only bad.ts's error:\n${core.out}`);
    assert.match(errors[0], /^bad\.ts\(2,14\): error TS2322/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
