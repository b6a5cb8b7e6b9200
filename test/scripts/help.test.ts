// Every operator command answers --help with its usage on stdout and exit status 0, and does nothing else:
// no benchmark runs, no download starts, no index is read (the commands would print to stderr, or fail).
// An unknown flag ends each of them with one line on stderr and exit status 1, before any work.
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

const COMMANDS: [string, string][] = [
  ["ingest", "scripts/ingest.ts"],
  ["ask", "scripts/ask.ts"],
  ["report", "scripts/report.ts"],
  ["eval", "scripts/eval.ts"],
  ["bench", "scripts/bench.ts"],
  ["bench:reindex", "scripts/bench-reindex.ts"],
  ["bench:discord", "scripts/bench-discord-defer.ts"],
  ["bench:slack", "scripts/bench-slack-ack.ts"],
  ["bench:llm", "scripts/bench-llm.ts"],
  ["model:fetch", "scripts/fetch-model.ts"],
  ["measure:fusion", "scripts/measure-fusion.ts"],
  ["discord:deploy", "scripts/deploy-discord-commands.ts"],
  ["records:copy", "scripts/copy-records.ts"],
];

// The same environment for every run: a command that started working would fail or complain on stderr.
const NOTHING_THERE = { INDEX_DIR: "/nonexistent/docent-index", EMBEDDINGS_HUB_URL: "http://127.0.0.1:9", LOG_LEVEL: "info", DISCORD_TOKEN: "", SLACK_BOT_TOKEN: "" };

describe("--help", () => {
  it.each(COMMANDS)("npm run %s -- --help prints its usage and exits 0 without doing any work", async (name, script) => {
    // An index and a model hub that do not exist: a command that started working would fail or complain.
    const result = await runScript(script, ["--help"], { env: NOTHING_THERE });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
    expect(result.stdout.trim().split("\n").length).toBeGreaterThan(1);
  });

  it("npm start -- --help prints its usage and exits 0 without starting", async () => {
    const result = await runScript("src/main.ts", ["--help"], { env: NOTHING_THERE });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm start\b/);
    expect(result.stdout).toContain("--knowledge <dir>");
  });
});

describe("an unknown flag", () => {
  it.each([...COMMANDS, ["start", "src/main.ts"]])("npm run %s -- --bogus: one line naming it, exit 1, nothing done", async (_name, script) => {
    const result = await runScript(script, ["--bogus"], { env: NOTHING_THERE });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("Unknown option '--bogus' (see --help)\n");
  });

  it("npm run bench:reindex -- --chunks abc: one line naming the flag and the value, exit 1", async () => {
    const result = await runScript("scripts/bench-reindex.ts", ["--chunks", "abc"], { env: NOTHING_THERE });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('bench:reindex: --chunks must be a whole number of 1 or more, not "abc" (see --help)\n');
  });
});
