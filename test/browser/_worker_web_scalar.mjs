// A Web Worker entry for Bun (scalar build), whose Worker drops the URL's query: see _worker.mjs.
globalThis.sockfamWorkerParams = "web&scalar";
await import("./_worker.mjs");
