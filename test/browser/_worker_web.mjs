// A Web Worker entry for Bun, whose Worker drops the URL's query: see _worker.mjs.
globalThis.sockfamWorkerParams = "web";
await import("./_worker.mjs");
