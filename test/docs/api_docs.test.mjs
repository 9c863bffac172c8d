// scripts/api-docs.mjs (npm run api-docs) generates the HTML API reference
// from the doc comments: a page per public symbol of each entry point, with
// the doc comment's text and its example.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const reason = runtime !== "node" ? "runs once, under node (the script runs deno doc either way)" : null;

testIf(test, "npm run api-docs writes an HTML reference with the public API and its examples", reason, () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.is(pkg.scripts["api-docs"], "node scripts/api-docs.mjs");
  const out = mkdtempSync(join(tmpdir(), "sockfam-api-"));
  try {
    const r = spawnSync(process.execPath, ["scripts/api-docs.mjs", out], { cwd: root, encoding: "utf8", timeout: 180_000 });
    assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.ok(existsSync(join(out, "index.html")));
    const crc = readFileSync(join(out, "core", "~", "crc32.html"), "utf8");
    assert.match(crc, /CRC-32/);
    assert.match(crc, /zlib/, "the doc comment's text is on the page");
    for (const page of ["core/~/FrameDecoder.html", "core/~/dissect.html", "core/~/SocketError.html", "node/~/socket.html", "deno/~/socket.html"]) {
      assert.ok(existsSync(join(out, page)), `${page} missing`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
