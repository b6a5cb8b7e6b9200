// A child process for the lock race test: for each "go <round> <at>" line on stdin it waits until the wall
// clock reaches <at> (so all contenders try in the same millisecond), tries to take the lock, reports
// "acquired" or "busy <message>" on stdout, and holds a won lock for a while before releasing it.
import { createInterface } from "node:readline";
import { acquireRunLock } from "../../../src/core/index-store/run-lock.js";

const [lockDir, holdMs = "150"] = process.argv.slice(2);
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const [command, round, at] = line.split(" ");
  if (command !== "go") break;
  while (Date.now() < Number(at)) {
    // spin: a timer would let contenders drift apart
  }
  try {
    const release = acquireRunLock(lockDir!, { what: "ingest", updates: "the test index" });
    process.stdout.write(`${round} acquired\n`);
    await new Promise((r) => setTimeout(r, Number(holdMs)));
    release();
  } catch (error) {
    process.stdout.write(`${round} busy ${(error as Error).message}\n`);
  }
  process.stdout.write(`${round} done\n`);
}
