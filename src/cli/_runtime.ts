/**
 * The process streams the CLI uses (Node's `process`, and Deno's and Bun's
 * compatible global), in one place. Which runtime it is: `_adapter.ts`.
 *
 * @module
 */

interface Stream { isTTY?: boolean; write(s: string | Uint8Array, cb?: (e?: unknown) => void): boolean; off(ev: string, f: () => void): unknown; once(ev: string, f: () => void): unknown; on(ev: string, f: (e: unknown) => void): unknown }
interface Proc {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode?: number;
  stdout: Stream;
  stderr: Stream;
  exit(code?: number): never;
  once(ev: string, f: () => void): unknown;
  off(ev: string, f: () => void): unknown;
}

/** The process object (Node's, or Deno's compatible global). */
export const proc: Proc = (globalThis as unknown as { process: Proc }).process;

/** True when the given standard stream is a terminal. */
export function isTTY(stream: "stdout" | "stderr"): boolean {
  return !!proc[stream].isTTY;
}

/** Writes `s` to stderr as is (no newline added). */
export function writeErr(s: string): void {
  proc.stderr.write(s);
}
