// Every consumer route type-checks against the package as npm would install
// it: `npm pack` (scripts off: dist/ is already built) unpacked into a fresh
// project's node_modules/sockfam, then
//   - tsc (NodeNext, @types/node) on `import { socket } from "sockfam"`,
//   - deno check with a package.json dependency ("sockfam") and with "npm:sockfam",
// each with a deliberate type error in a second file that must be the only
// error reported (so a checker that checks nothing fails the test).
// A symlinked package would not do for Deno: it follows the link out of
// node_modules and treats dist/ as local files, not as an npm package.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { have, runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const deno = join(root, "node_modules", ".bin", "deno");

const MAIN = (from) => `import { socket, AF_INET, SOCK_DGRAM, SocketError, type Socket, type SocketAddress } from "${from}";
import { crc32, inetChecksum } from "${from}/core";
const s: Socket = await socket(AF_INET, SOCK_DGRAM);
await s.bind({ host: "127.0.0.1", port: 0 });
const a: SocketAddress = await s.getsockname();
const n: number = crc32(new Uint8Array(1)) ^ inetChecksum(new Uint8Array(2));
const e: Error = new SocketError("EINVAL", "x");
await s.close();
export const all = [a, n, e];
`;
const BAD = (from) => `import { crc32 } from "${from}/core";
export const n: string = crc32(new Uint8Array(1));
`;

const errors = (out) => out.split("\n").map((l) => l.replace(/\x1b\[[0-9;]*m/g, "")).filter((l) => /TS\d{4}/.test(l));

let dir = null;
function packed() {
  if (dir) return dir;
  dir = mkdtempSync(join(tmpdir(), "sockfam-routes-"));
  const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.is(pack.status, 0, `npm pack failed:\n${pack.stdout}${pack.stderr}`);
  const tgz = readdirSync(dir).find((n) => n.endsWith(".tgz"));
  mkdirSync(join(dir, "node_modules", "sockfam"), { recursive: true });
  const untar = spawnSync("tar", ["xzf", join(dir, tgz), "-C", join(dir, "node_modules", "sockfam"), "--strip-components=1"]);
  assert.is(untar.status, 0, "tar xzf");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { sockfam: "0.1.0" } }));
  return dir;
}

const noNpm = have("npm") ? null : "npm is not on PATH (needed for npm pack)";

testIf(test, "tsc: a consumer of the packed package type-checks `import { socket } from \"sockfam\"` and sockfam/core",
  noNpm ?? (runtime !== "node" ? "runs once, under node (tsc's verdict does not depend on the runtime that starts it)" : null), () => {
    const d = packed();
    writeFileSync(join(d, "main.ts"), MAIN("sockfam"));
    writeFileSync(join(d, "bad.ts"), BAD("sockfam"));
    writeFileSync(join(d, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true,
        skipLibCheck: false, skipDefaultLibCheck: true, lib: ["ES2023", "DOM", "ESNext.Disposable"],
        types: ["node"], typeRoots: [join(root, "node_modules", "@types")],
      },
      files: ["main.ts", "bad.ts"],
    }));
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: d, encoding: "utf8", timeout: 120_000 });
    const errs = errors(r.stdout + r.stderr);
    assert.is(errs.length, 1, `expected only bad.ts's error:\n${r.stdout}${r.stderr}`);
    assert.match(errs[0], /^bad\.ts\(2,14\): error TS2322/);
  });

for (const [route, from] of [["package.json dependency", "sockfam"], ["npm: specifier", "npm:sockfam"]]) {
  testIf(test, `deno check: a consumer of the packed package type-checks through the ${route}`,
    noNpm ?? (runtime !== "deno" ? "runs once, under deno (deno check is Deno's tool)" : null), () => {
      const d = packed();
      const main = `main_${route.length}.ts`, bad = `bad_${route.length}.ts`;
      writeFileSync(join(d, main), MAIN(from));
      writeFileSync(join(d, bad), BAD(from));
      const ok = spawnSync(deno, ["check", "--quiet", main], { cwd: d, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
      assert.is(ok.status, 0, `deno check ${main} failed:\n${ok.stdout}${ok.stderr}`);
      const ko = spawnSync(deno, ["check", "--quiet", bad], { cwd: d, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
      const errs = errors(ko.stdout + ko.stderr);
      assert.is(errs.length, 1, `expected exactly the deliberate error:\n${ko.stdout}${ko.stderr}`);
      assert.match(errs[0], /TS2322/);
    });
}

test.after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
test.run();
