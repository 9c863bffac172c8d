/**
 * Reading pcap/pcapng captures from bytes, a ReadableStream, or any async
 * iterable of chunks (a file reader injected by the caller: src/core never
 * opens files itself).
 *
 * @example
 * ```ts
 * import { mixedCapture, readCapture, readCaptureStream } from "sockfam/core";
 * const bytes = mixedCapture({ packets: 10 });
 * for (const rec of readCapture(bytes)) console.log(rec.tsSec, rec.data.length);
 * const response = new Response(bytes.slice()); // e.g. await fetch(url)
 * for await (const rec of readCaptureStream(response.body!)) console.log(rec.linktype);
 * ```
 * @module
 */
import { describe } from "../_args.ts";
import { CaptureParser } from "./parser.ts";
import type { CaptureInfo, CaptureRecord } from "./record.ts";

/** A capture read from bytes: iterate it for records; `info` is filled in by then. */
export interface CaptureReader extends Iterable<CaptureRecord> {
  /** Header information (format, byte order, interfaces). */
  readonly info: CaptureInfo;
}

/**
 * Reads a whole capture held in memory. Records' `data` are views into `bytes`.
 * A bad file header throws FrameError (BAD_MAGIC, TRUNCATED) at once; damage
 * after it (BAD_RECORD, BAD_BLOCK, BAD_INTERFACE, TRUNCATED) is thrown by the
 * iteration after every complete record before it, with the offset of the
 * problem (see docs/captures.md).
 *
 * @example
 * ```ts
 * import { readCapture, writePcapng } from "sockfam/core";
 * const bytes = writePcapng([{ data: new Uint8Array(60) }, { data: new Uint8Array(70) }]);
 * const cap = readCapture(bytes);
 * console.log(cap.info.format, [...cap].length); // "pcapng" 2
 * ```
 */
export function readCapture(bytes: Uint8Array): CaptureReader {
  const parser = new CaptureParser();
  const records: CaptureRecord[] = [];
  let error: unknown = null;
  try {
    for (const r of parser.feed(bytes)) records.push(r);
    parser.finish();
  } catch (e) {
    if (!parser.info) throw e;
    error = e;
  }
  return {
    info: parser.info!,
    *[Symbol.iterator]() {
      yield* records;
      if (error) throw error;
    },
  };
}

/**
 * Streams records from a ReadableStream or async iterable of byte chunks, as
 * each becomes complete. Damage or a cut (FrameError with its offset) is
 * thrown after every complete record before it has been yielded.
 *
 * @example
 * ```ts
 * import { readCaptureStream, writePcap } from "sockfam/core";
 * const file = writePcap([{ data: new Uint8Array(60) }, { data: new Uint8Array(70) }]);
 * const chunks = [file.subarray(0, 50), file.subarray(50)]; // or a ReadableStream, or an async iterable
 * let total = 0;
 * for await (const rec of readCaptureStream(chunks)) total += rec.origLength;
 * total; // 130
 * ```
 */
export async function* readCaptureStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  parser: CaptureParser = new CaptureParser(),
): AsyncGenerator<CaptureRecord> {
  const it = source as { getReader?: unknown; [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown } | null;
  if (it === null || typeof it !== "object" || (typeof it.getReader !== "function" && typeof it[Symbol.asyncIterator] !== "function" && typeof it[Symbol.iterator] !== "function")) {
    throw new TypeError(`readCaptureStream: source must be a ReadableStream or an (async) iterable of Uint8Array chunks, got ${describe(source)}`);
  }
  if (typeof (source as ReadableStream).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield* parser.feed(value);
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    for await (const chunk of source as AsyncIterable<Uint8Array>) yield* parser.feed(chunk);
  }
  parser.finish();
}

/** Opens a file as a stream of byte chunks (injected by the caller; src/core opens no files). */
export type ChunkSource = (path: string) =>
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Promise<ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>>;

/**
 * Streams the records of the capture file at `path`, read through `open`.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * for await (const rec of readCaptureFile("x.pcapng", (p) => createReadStream(p))) console.log(rec.linktype);
 * // Deno: readCaptureFile("x.pcap", async (p) => (await Deno.open(p)).readable)
 * ```
 */
export async function* readCaptureFile(path: string, open: ChunkSource): AsyncGenerator<CaptureRecord> {
  yield* readCaptureStream(await open(path));
}
