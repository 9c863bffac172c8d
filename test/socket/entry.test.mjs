// `import "sockfam"` picks the running runtime's adapter through the export
// conditions (bun, deno, node), and that adapter opens working sockets.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime } from "../_harness.mjs";

const NAMES = { node: /^Node v\d/, deno: /^Deno \d/, bun: /^Bun \d/ };

test(`"sockfam" under ${runtime} is sockfam/${runtime}`, async () => {
  const main = await import("sockfam");
  const named = await import(`sockfam/${runtime}`);
  assert.is(main.socket, named.socket, `"sockfam" resolved to another adapter than sockfam/${runtime}`);
  assert.match(main.runtime.name, NAMES[runtime]);
  const a = main.socket(main.AF_INET, main.SOCK_DGRAM), b = main.socket(main.AF_INET, main.SOCK_DGRAM);
  try {
    await a.bind({ host: "127.0.0.1", port: 0 });
    await b.bind({ host: "127.0.0.1", port: 0 });
    await b.sendto(new TextEncoder().encode("entry"), a.getsockname());
    const [data, from] = await a.recvfrom();
    assert.is(new TextDecoder().decode(data), "entry");
    assert.equal(from, b.getsockname());
  } finally {
    await a.close();
    await b.close();
  }
});

test.run();
