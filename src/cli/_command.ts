/**
 * The shape of a `sockfam` command: what `main.ts` registers and what
 * `sockfam help` and `sockfam CMD --help` print.
 *
 * @module
 */
import type { OptionsSpec } from "./_args.ts";

/** A CLI command: `run` resolves to the process exit code (0 ok, 1 failure, 2 usage). */
export interface Command {
  /** One line for `sockfam help`. */
  summary: string;
  /** The usage line, e.g. "sockfam dissect [-r] FILE [options]". */
  usage?: string;
  /** The options `run` accepts (parsed with node:util parseArgs by {@link parseCommandArgs}). */
  options?: OptionsSpec;
  /** Example command lines for `--help` (at least one). */
  examples?: string[];
  /** Extra paragraphs for `--help` (defaults, caveats). */
  notes?: string[];
  /** Runs the command with its arguments (everything after the command name). */
  run(args: string[]): Promise<number>;
}
