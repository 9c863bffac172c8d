/**
 * `sockfam tour`: runs each capability on built-in defaults and prints what it
 * did with its figures beside the peers'. Sections live in src/cli/tour/ and
 * are listed in src/cli/tour/sections.ts.
 *
 * @example
 * ```sh
 * npm start            # same as: sockfam tour
 * sockfam tour framing # one section
 * ```
 * @module
 */
import type { Command } from "./main.ts";
import { sections } from "./tour/sections.ts";

/** The tour command. */
export const command: Command = {
  summary: "a tour of what sockfam can do on this machine, with figures",
  async run(args) {
    const chosen = args.length ? sections.filter((s) => args.includes(s.name)) : sections;
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
