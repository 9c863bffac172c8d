/**
 * Shared by `sockfam flows` and `sockfam follow`: output that waits for a
 * full pipe to drain.
 *
 * @example
 * ```ts
 * import { write } from "./_flow_input.ts";
 * await write("one line\n");
 * ```
 * @module
 */

/** Writes `text` (or bytes) to stdout, waiting for the pipe to drain when it is full. */
export function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (globalThis.process.stdout.write(text)) resolve();
    else globalThis.process.stdout.once("drain", () => resolve());
  });
}
