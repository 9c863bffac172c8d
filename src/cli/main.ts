#!/usr/bin/env node
/**
 * The `sockfam` command line: `sockfam <command> [args]`.
 * Each command lives in its own module under src/cli and exports `run(args)`.
 *
 * @example
 * ```sh
 * sockfam tour            # what sockfam can do on this machine, with figures
 * sockfam dissect x.pcap --json
 * ```
 * @module
 */
import { FrameError, SocketError } from "../core/errors.ts";

/** A CLI command: resolves to the process exit code. */
export interface Command {
  /** One line of help. */
  summary: string;
  /** Runs the command with its arguments. */
  run(args: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  tour: async () => (await import("./tour.ts")).command,
  capture: async () => (await import("./capture.ts")).command,
  send: async () => (await import("./send.ts")).command,
  ping: async () => (await import("./ping.ts")).command,
  dissect: async () => (await import("./dissect.ts")).command,
  bench: async () => (await import("./bench.ts")).command,
  filter: async () => (await import("./filter.ts")).command,
  flows: async () => (await import("./flows.ts")).command,
  follow: async () => (await import("./follow.ts")).command,
};

/** Registers a command (used by modules that add commands). */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  commands[name] = load;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log("usage: sockfam <command> [args]\n\ncommands:");
    for (const [n, load] of Object.entries(commands)) console.log(`  ${n.padEnd(10)} ${(await load()).summary}`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`sockfam: unknown command "${name}" (try: sockfam help)`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (e) {
    if (e instanceof SocketError || e instanceof FrameError) {
      console.error(`sockfam ${name}: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

const args = typeof globalThis.process !== "undefined" ? globalThis.process.argv.slice(2) : [];
const code = await main(args);
globalThis.process.exitCode = code;
