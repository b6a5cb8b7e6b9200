// A damaged index seen from the operator commands: `npm run ingest` (incremental, nothing to do) exits non-zero
// with the file and the fix instead of "index unchanged"; `npm run ask` prints one line, no stack; and
// `npm run ingest -- --full` rebuilds.
import { readFileSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
const dirs = () => ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir];
const live = (file: string) => join(kb.indexDir, readFileSync(join(kb.indexDir, "CURRENT"), "utf8").trim(), file);
const halve = (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2));

beforeAll(async () => {
  kb = await makeTempKnowledge();
});
afterAll(() => kb.cleanup());

describe("a damaged index at the command line", () => {
  it("ingest exits 1 naming a truncated vectors.hnsw and the fix; --full rebuilds it", async () => {
    expect((await runScript("scripts/ingest.ts", dirs())).code).toBe(0);
    const vectors = live("vectors.hnsw");
    const written = statSync(vectors).size;
    halve(vectors);
    const broken = await runScript("scripts/ingest.ts", dirs());
    expect(broken.code).toBe(1);
    expect(broken.stdout).not.toContain("index unchanged");
    expect(broken.stderr.trim()).toBe(
      `index: ${vectors} is damaged (${Math.floor(written / 2)} bytes, but ${written} were written: truncated); run "npm run ingest -- --full" to rebuild the index`,
    );
    const rebuilt = await runScript("scripts/ingest.ts", [...dirs(), "--full"]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/ingest: 5 added/);
  });

  it("ask prints one line naming a truncated chunks.sqlite and the fix, without a stack", async () => {
    const chunks = live("chunks.sqlite");
    halve(chunks);
    const result = await runScript("scripts/ask.ts", [...dirs(), "Which Node version does Lumen need?"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^index: .*chunks\.sqlite is damaged \(.*\); run "npm run ingest -- --full"/)]);
    expect(result.stderr).not.toMatch(/SqliteError|    at /);
  });
});
