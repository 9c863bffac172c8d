#!/usr/bin/env node
/**
 * The `sockfam` command line: `sockfam <command> [args]`. Each command lives
 * in its own module under src/cli and exports `command` (see `_command.ts`);
 * adding one is one line in `commands` below. Errors print as one line with
 * a code and what to do (never a stack trace; SOCKFAM_DEBUG=1 adds it).
 *
 * @example
 * ```sh
 * sockfam help
 * sockfam dissect x.pcap --json
 * sockfam dissect --help
 * sockfam --version
 * ```
 * @module
 */
import { readFileSync } from "node:fs";
import type { Command } from "./_command.ts";
import { helpText } from "./_args.ts";
import { describeError } from "./_errors.ts";
import { proc } from "./_runtime.ts";

// The registry: one line per command, loaded on use.
const commands: Record<string, () => Promise<Command>> = {
  tour: async () => (await import("./tour/command.ts")).command,
  dissect: async () => (await import("./dissect.ts")).command,
  capture: async () => (await import("./capture.ts")).command,
  send: async () => (await import("./send.ts")).command,
  ping: async () => (await import("./ping.ts")).command,
  bench: async () => (await import("./bench.ts")).command,
  filter: async () => (await import("./filter.ts")).command,
  flows: async () => (await import("./flows.ts")).command,
  follow: async () => (await import("./follow.ts")).command,
};

async function overview(): Promise<string> {
  const rows = [];
  for (const [n, load] of Object.entries(commands)) rows.push(`  ${n.padEnd(10)} ${(await load()).summary}`);
  return `usage: sockfam <command> [args]\n\ncommands:\n${rows.join("\n")}\n\n` +
    "sockfam help COMMAND (or sockfam COMMAND --help) shows a command's options and an example.";
}

/** The package's version, from the package.json beside dist/. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "(version unknown: package.json not found)";
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic && commands[topic]) { console.log(helpText(topic, await commands[topic]!())); return 0; }
    if (topic) { console.error(`sockfam help: EUSAGE: no command "${topic}" (try: sockfam help)`); return 2; }
    (name ? console.log : console.error)(await overview());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    console.log(`sockfam ${version()}`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`sockfam: EUSAGE: unknown command "${name}" (try: sockfam help)`);
    return 2;
  }
  const cmd = await load();
  const dash = rest.indexOf("--");
  const own = dash < 0 ? rest : rest.slice(0, dash);
  if (own.includes("--help") || own.includes("-h")) { console.log(helpText(name, cmd)); return 0; }
  try {
    return await cmd.run(rest);
  } catch (e) {
    const { line, exitCode } = describeError(e);
    console.error(`sockfam ${name}: ${line}`);
    if (proc.env.SOCKFAM_DEBUG) console.error((e as Error)?.stack ?? e);
    return exitCode;
  }
}

proc.exitCode = await main(proc.argv.slice(2));
