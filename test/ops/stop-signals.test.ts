// The stop-signal phases: a signal while starting ends the process at once; while running it starts the
// graceful shutdown, repeated signals change nothing, and a shutdown that overruns its deadline exits 1 with
// one line.
import { afterEach, describe, expect, it } from "vitest";
import { watchStopSignals, type StopSignals } from "../../src/ops/stop-signals.js";

let watcher: StopSignals | undefined;
afterEach(() => watcher?.dispose());

function watch(deadlineMs = 60_000) {
  const lines: string[] = [];
  const exits: number[] = [];
  watcher = watchStopSignals({
    name: "npm start",
    deadlineMs,
    parentPollMs: 0,
    write: (line) => void lines.push(line),
    exit: ((code: number) => void exits.push(code)) as (code: number) => never,
  });
  return { watcher, lines, exits };
}

describe("watchStopSignals", () => {
  it("while starting: a signal ends the process at once, with one line", () => {
    const { lines, exits } = watch();
    process.emit("SIGTERM", "SIGTERM");
    expect(exits).toEqual([0]);
    expect(lines).toEqual(["npm start: SIGTERM during start-up; stopped before it finished starting."]);
  });

  it("while running: the first signal starts the shutdown, later ones change nothing", async () => {
    const { watcher, lines, exits } = watch();
    watcher.running();
    process.emit("SIGINT", "SIGINT");
    process.emit("SIGINT", "SIGINT");
    process.emit("SIGTERM", "SIGTERM");
    expect(await watcher.received).toBe("SIGINT");
    expect(exits).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("a shutdown that overruns the deadline exits 1, saying so", async () => {
    const { watcher, lines, exits } = watch(50);
    watcher.running();
    process.emit("SIGTERM", "SIGTERM");
    await watcher.received;
    await new Promise((r) => setTimeout(r, 200));
    expect(exits).toEqual([1]);
    expect(lines).toEqual(["npm start: shutdown did not finish within 0.05 s; exiting anyway."]);
  });
});
