// Every operator command answers --help with its usage on stdout and exit status 0, and does nothing else:
// no benchmark runs, no download starts, no index is read (the commands would print to stderr, or fail).
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
];

describe("--help", () => {
  it.each(COMMANDS)("npm run %s -- --help prints its usage and exits 0 without doing any work", async (name, script) => {
    // An index and a model hub that do not exist: a command that started working would fail or complain.
    const result = await runScript(script, ["--help"], {
      env: { INDEX_DIR: "/nonexistent/docent-index", EMBEDDINGS_HUB_URL: "http://127.0.0.1:9", LOG_LEVEL: "info" },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
    expect(result.stdout.trim().split("\n").length).toBeGreaterThan(1);
  });
});
