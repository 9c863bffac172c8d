/**
 * Shared by `sockfam flows` and `sockfam follow`: argument errors and the
 * capture file as a chunk stream for the core's flow engine.
 *
 * @example
 * ```ts
 * const code = usageError("flows", "FILE is missing", "usage: sockfam flows FILE"); // prints, returns 2
 * ```
 * @module
 */

/** Prints `sockfam NAME: message` and the usage line to stderr; returns exit code 2. */
export function usageError(name: string, message: string, usage: string): number {
  console.error(`sockfam ${name}: ${message}\n${usage}`);
  return 2;
}

/** Writes `text` (or bytes) to stdout, waiting for the pipe to drain when it is full. */
export function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (globalThis.process.stdout.write(text)) resolve();
    else globalThis.process.stdout.once("drain", () => resolve());
  });
}
