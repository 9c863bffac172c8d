/**
 * `sockfam tour`: runs each capability on built-in defaults and prints what it
 * did with its figures beside the peers'. Sections live in this folder and
 * are listed in sections.ts.
 *
 * @example
 * ```sh
 * npm start            # same as: sockfam tour
 * sockfam tour framing # one section
 * ```
 * @module
 */
import type { Command } from "../_command.ts";
import { parseCommandArgs } from "../_args.ts";
import { CliError } from "../_errors.ts";
import { sections } from "./sections.ts";

/** The tour command. */
export const command: Command = {
  summary: "a tour of what sockfam can do on this machine, with figures",
  usage: `sockfam tour [SECTION ...]   (sections: ${sections.map((s) => s.name).join(", ")})`,
  options: {},
  examples: ["sockfam tour", "sockfam tour framing dissect"],
  async run(args) {
    const { positionals } = parseCommandArgs("tour", args, {});
    const unknown = positionals.filter((a) => !sections.some((s) => s.name === a));
    if (unknown.length) throw new CliError("EUSAGE", `no section ${unknown.join(", ")} (sections: ${sections.map((s) => s.name).join(", ")})`);
    const chosen = positionals.length ? sections.filter((s) => positionals.includes(s.name)) : sections;
    let failed = 0;
    for (const s of chosen) {
      console.log(`\n== ${s.title} ==`);
      try {
        await s.run();
      } catch (e) {
        failed++;
        console.log(`  (section failed: ${(e as Error).message})`);
      }
    }
    return failed ? 1 : 0;
  },
};
