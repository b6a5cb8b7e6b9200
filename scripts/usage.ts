// --help for the operator commands that have no other help handling: prints the usage on stdout and exits 0
// before any work starts (nothing downloaded, no server started, no benchmark run).
import { writeSync } from "node:fs";

export function exitWithUsageIfAsked(usage: string, argv: string[] = process.argv.slice(2)): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  // Written synchronously: process.exit does not wait for a pending write.
  writeSync(1, `${usage.trimEnd()}\n`);
  process.exit(0);
}
