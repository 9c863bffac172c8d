// `sockfam tour` (what `npm start` runs), the sections that need neither root
// nor a peer: each runs to the end (exit 0, no "section failed"), and the
// figures it prints are the library's: the filter count is what
// dissectCapture({ filter }) selects on the same generated capture.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { adapter } from "../_harness.mjs";
import { sockfam, assertNoStack } from "./_cli.mjs";

const { dissectCapture, mixedCapture } = await adapter();

test("tour dissect: frames, pcap round trip, parse figures, a filter, two worker threads", () => {
  const r = sockfam(["tour", "dissect"]);
  assertNoStack(r);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.not.match(r.stdout, /section failed/);
  assert.match(r.stdout, /read back 4 and 4 records/);
  const m = /filter "([^"]+)" .*: (\d+) of (\d+) packets/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const s = dissectCapture(mixedCapture({ packets: Number(m[3]) }), undefined, { filter: m[1] });
  assert.is(Number(m[2]), s.packets, "the count the library gives for the same expression and capture");
  assert.match(r.stdout, /frames on 2 worker threads: [\d.]+ M packets\/s, [\d.]+x one thread/);
});

test("tour checksums framing: run to the end", () => {
  const r = sockfam(["tour", "checksums", "framing"]);
  assertNoStack(r);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.not.match(r.stdout, /section failed/);
  assert.match(r.stdout, /decoded byte by byte: ok/);
});

test.run();
