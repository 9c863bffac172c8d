/**
 * Argument parsing for every command: node:util `parseArgs` (Node and Deno
 * both have it) with strict checking, number validation, and the `--help`
 * text built from the same option table.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { CliError } from "./_errors.ts";
import type { Command } from "./_command.ts";

/** One option: its parseArgs type, a short letter, and its help line. */
export interface OptionSpec {
  /** "string" takes a value; "boolean" is a switch. */
  type: "string" | "boolean";
  /** One-letter alias (`-c`). */
  short?: string;
  /** May repeat (`-tt`); the value is then an array. */
  multiple?: boolean;
  /** Name of the value in help, e.g. "N" or "FILE". */
  arg?: string;
  /** One line of help. */
  help: string;
}

/** Options by long name. */
export type OptionsSpec = Record<string, OptionSpec>;

/** Parsed options by long name. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parses `args` against `spec` (unknown options are usage errors); returns the values and positionals. */
export function parseCommandArgs(name: string, args: string[], spec: OptionsSpec = {}): { values: OptionValues; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  // A negative number after an option that takes a value (`-c -5`) is its value, so that the
  // number check can say what is wrong with it (parseArgs alone calls it "ambiguous").
  const takesValue = new Map<string, string>();
  for (const [k, o] of Object.entries(spec)) {
    options[k] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
    if (o.type === "string") { takesValue.set(`--${k}`, k); if (o.short) takesValue.set(`-${o.short}`, k); }
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const long = takesValue.get(args[i]!);
    if (long !== undefined && i + 1 < args.length && /^-[\d.]/.test(args[i + 1]!)) joined.push(`--${long}=${args[++i]}`);
    else joined.push(args[i]!);
  }
  try {
    const r = parseArgs({ args: joined, options, allowPositionals: true, strict: true });
    return { values: r.values as OptionValues, positionals: r.positionals };
  } catch (e) {
    const msg = ((e as Error).message ?? String(e)).replace(/\. To specify a positional argument.*$/s, "").replace(/\s+$/, "");
    throw new CliError("EUSAGE", msg);
  }
}

/** The string value of option `key`, or undefined. */
export function stringOpt(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[v.length - 1] as string) : undefined;
}

/** How many times switch `key` was given (0 when absent). */
export function countOpt(values: OptionValues, key: string): number {
  const v = values[key];
  return Array.isArray(v) ? v.length : v ? 1 : 0;
}

/**
 * A whole number from option `flag`'s text: decimal, or hex with 0x; throws
 * CliError EINVAL naming the option and the accepted range.
 */
export function parseIntArg(text: string, flag: string, min: number, max: number): number {
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError("EINVAL", `invalid number for ${flag}: ${JSON.stringify(text)} (give a whole number from ${min} to ${max})`);
  }
  return n;
}

/** A decimal number (seconds etc.) from option `flag`'s text, within [min, max]. */
export function parseNumberArg(text: string, flag: string, min: number, max: number): number {
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new CliError("EINVAL", `invalid number for ${flag}: ${JSON.stringify(text)} (give a number from ${min} to ${max})`);
  }
  return n;
}

/** The `--help` text of command `name`: usage, options, notes, examples. */
export function helpText(name: string, cmd: Command): string {
  const out = [`sockfam ${name}: ${cmd.summary}`, "", `usage: ${cmd.usage ?? `sockfam ${name} [args]`}`];
  const opts = Object.entries(cmd.options ?? {});
  {
    out.push("", "options:");
    const rows = opts.map(([k, o]) => [k.length === 1 ? `-${k}` : `${o.short ? `-${o.short}, ` : "    "}--${k}${o.type === "string" ? ` ${o.arg ?? "VALUE"}` : ""}`, o.help] as const);
    rows.push(["-h, --help", "print this help"]);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [l, h] of rows) out.push(`  ${l.padEnd(w)}  ${h}`);
  }
  for (const n of cmd.notes ?? []) out.push("", n);
  if (cmd.examples?.length) out.push("", "examples:", ...cmd.examples.map((e) => `  ${e}`));
  return out.join("\n");
}
