// Child of first_call.test.mjs: in a fresh process (a fresh WASM core), makes
// ONE first call of the core function named in argv with a large input and
// prints the result as JSON. Nothing warms the core up before it.
const name = (globalThis.Deno ? Deno.args : process.argv.slice(2))[0];
const core = await import("../../dist/core/mod.js");
const big = (n, seed) => { const b = new Uint8Array(n); let s = seed; for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; b[i] = s >>> 24; } return b; };
const calls = {
  crc32: () => core.crc32(big(40000, 1)),
  crc32c: () => core.crc32c(big(40000, 1)),
  crc32cHuge: () => core.crc32c(big((1 << 20) * 3 + 5, 2)),
  crc32Huge: () => core.crc32(big((1 << 20) * 3 + 5, 2)),
  inetChecksum: () => core.inetChecksum(big(40001, 3)),
  inetChecksumHuge: () => core.inetChecksum(big((1 << 20) * 3 + 1, 3)),
  decode: () => core.decodeFrames(core.encodeFrames([big(300000, 4), big(5, 5)], { format: "cobs" }), { format: "cobs" }).map((f) => core.crc32(f)),
  dissect: () => core.dissect(core.buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2", id: 0xfedc, fragOffset: 0 }, tcp: { sport: 65000, dport: 443, seq: 0xfffffff0, window: 65535 }, payload: big(60000, 6) })),
  dissectCapture: () => { const out = []; core.dissectCapture(core.mixedCapture({ packets: 20000 }), (t) => { for (const p of t) out.push(p.l4Checksum); }); return [out.length, out.filter((x) => x === 1).length]; },
};
console.log(JSON.stringify(await calls[name]()));
