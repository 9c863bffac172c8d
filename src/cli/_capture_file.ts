/**
 * Reads a file as an async iterable of chunks (node:fs/promises, which Deno
 * also provides): the file reader the CLI injects into the core's stream readers.
 *
 * @example
 * ```ts
 * for await (const rec of readCaptureStream(fileChunks("x.pcap"))) console.log(rec.origLength);
 * ```
 * @module
 */
import { open } from "node:fs/promises";
import { SocketError } from "../core/errors.ts";

/** Yields the bytes of `path` in chunks of `chunkSize`. */
export async function* fileChunks(path: string, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (e) {
    const code = (e as { code?: string }).code ?? "EIO";
    throw new SocketError(code, `cannot open ${path}: ${(e as Error).message}`, { syscall: "open", cause: e });
  }
  try {
    for (;;) {
      const buf = new Uint8Array(chunkSize);
      const { bytesRead } = await fh.read(buf, 0, chunkSize, null);
      if (bytesRead === 0) break;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
