// --help for the operator commands that have no other help handling: prints the usage on stdout and exits 0
// before any work starts (nothing downloaded, no server started, no benchmark run). parseArgsOrExit does the
// same for a wrong flag: one line on stderr and exit 1, as runEntry prints it for the other commands.
import { writeSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { failureLine } from "../src/run-entry.js";

export function exitWithUsageIfAsked(usage: string, argv: string[] = process.argv.slice(2)): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  // Written synchronously: process.exit does not wait for a pending write.
  writeSync(1, `${usage.trimEnd()}\n`);
  process.exit(0);
}

/** node:util's parseArgs for commands not run through runEntry: an unknown option or a stray argument ends the
 *  command with one line, e.g. "Unknown option '--bogus' (see --help)", and exit status 1, instead of a stack. */
export function parseArgsOrExit<T extends ParseArgsConfig>(name: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    writeSync(2, `${failureLine(error, name)}\n`);
    process.exit(1);
  }
}

/** A flag's value that must be a whole number of 1 or more; anything else ends the command with one line and exit 1. */
export function positiveIntegerOrExit(name: string, flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value !== undefined && /^\d+$/.test(value.trim()) && Number.isSafeInteger(n) && n >= 1) return n;
  writeSync(2, `${name}: ${flag} must be a whole number of 1 or more, not "${value ?? ""}" (see --help)\n`);
  process.exit(1);
}
