// The operator commands as processes: `npm run ingest` and `npm run ask` with their flags, exit codes and
// output formats, on a scratch knowledge base chosen with --knowledge / --index.
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";
import { runScript } from "../helpers/run-script.js";

let kb: TempKnowledge;
const dirs = () => ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir];

beforeAll(async () => {
  kb = await makeTempKnowledge();
});
afterAll(() => kb.cleanup());

describe("npm run ingest", () => {
  it("builds the index, prints a summary and exits 0", async () => {
    const result = await runScript("scripts/ingest.ts", dirs());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ingest: 5 added, 0 changed, 0 removed, 0 unchanged, 0 failed; \d+ chunks embedded/);
  });

  it("exits 1 and names each file it could not index, while indexing the rest", async () => {
    await cp(new URL("../fixtures/knowledge-bad", import.meta.url), join(kb.knowledgeDir, "bad"), { recursive: true });
    const result = await runScript("scripts/ingest.ts", dirs());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1 added, 0 changed, 0 removed, 5 unchanged, 3 failed/);
    expect(result.stdout).toMatch(/failed: bad\/binary\.txt: file is binary/);
    expect(result.stdout).toMatch(/failed: bad\/broken-front-matter\.md: front matter is not valid YAML \(line \d+\)/);
    expect(result.stdout).toMatch(/failed: bad\/empty\.md: file is empty/);
  });

  it("rejects an unknown flag with a clear message", async () => {
    const result = await runScript("scripts/ingest.ts", ["--fulll"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--fulll'/);
  });

  it("stops at start with every configuration problem listed", async () => {
    const result = await runScript("scripts/ingest.ts", dirs(), { env: { CHUNK_MAX_CHARS: "tiny", EMBEDDINGS_PROVIDER: "nonsense" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CHUNK_MAX_CHARS");
    expect(result.stderr).toContain("EMBEDDINGS_PROVIDER");
  });
});

describe("npm run ask", () => {
  it("prints the answer and its numbered sources", async () => {
    const result = await runScript("scripts/ask.ts", [...dirs(), "Which Node version does Lumen need?"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Node 20 or newer");
    expect(result.stdout).toMatch(/Sources:\n\s+\[1\] /);
  });

  it("--json prints the core's answer object", async () => {
    const result = await runScript("scripts/ask.ts", [...dirs(), "--json", "What port does the dev server use?"]);
    const answer = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(["answer", "citations", "grounded", "timings"]);
    expect(answer.grounded).toBe(true);
    expect(answer.citations).toContainEqual(expect.objectContaining({ n: 1, file: "config.mdx" }));
  });

  it("--stdin answers one question per line as JSON lines, reporting bad lines without stopping", async () => {
    const input = ["What port does the dev server use?", "", "x".repeat(5000), "Who won the 1998 world cup?"].join("\n");
    const result = await runScript("scripts/ask.ts", [...dirs(), "--stdin"], { input });
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l) as { grounded?: boolean; error?: string });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.grounded).toBe(true);
    expect(lines[1]?.error).toBe("question_too_long");
    expect(lines[2]?.grounded).toBe(false);
    expect(result.code).toBe(1);
  });

  it("says how to build the index when there is none", async () => {
    const result = await runScript("scripts/ask.ts", ["--index", join(kb.root, "nowhere"), "hello?"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run "npm run ingest"');
  });
});

describe("npm start without chat platforms", () => {
  it("builds a missing index, then answers at the terminal prompt, follow-ups included", async () => {
    const fresh = await makeTempKnowledge();
    try {
      await writeFile(join(fresh.knowledgeDir, "extra.md"), "# Extra\n\nThe mascot of Lumen is a firefly named Glim.\n");
      const result = await runScript("src/main.ts", ["--knowledge", fresh.knowledgeDir, "--index", fresh.indexDir], {
        env: { DATA_DIR: join(fresh.root, "data") },
        input: "What is the name of the Lumen mascot?\nexit\n",
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/building it from/);
      expect(result.stdout).toContain("firefly named Glim");
      expect(result.stdout).toContain("(extra.md)");
    } finally {
      await fresh.cleanup();
    }
  });
});
