// `npm run eval -- <set.jsonl> --context-recall` as a process, on a tiny knowledge base: the usual figures,
// then the context-recall line and what was sent, and the figure in the JSON summary — with no model and
// nothing leaving the machine (the stand-in model listens on 127.0.0.1).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";
import { TINY_SET_JSONL, writeTinyKnowledge } from "../core/eval/tiny-recall-set.js";

let root: string;
const dirs = () => ["--knowledge", join(root, "knowledge"), "--index", join(root, "index")];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "docent-eval-recall-"));
  await writeTinyKnowledge(join(root, "knowledge"));
  await writeFile(join(root, "set.jsonl"), TINY_SET_JSONL);
  const built = await runScript("scripts/ingest.ts", dirs());
  expect(built.code).toBe(0);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("npm run eval -- <set.jsonl> --context-recall", () => {
  it("prints the context-recall line after the usual table and adds the figure to the JSON summary", async () => {
    // A model configured in a developer's environment is neither used nor needed: the stand-in replaces it.
    const result = await runScript("scripts/eval.ts", [join(root, "set.jsonl"), ...dirs(), "--context-recall", "--json", join(root, "out.json")], {
      env: { LLM_PROVIDER: "none" },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("answer correctness");
    expect(result.stdout).toMatch(/^context recall \| 0\.750 \| 4 /m);
    expect(result.stdout).toContain("reached the model: 5 of 5 questions\n");
    expect(result.stdout).toMatch(/sent per prompt: 3\.0 sources \(max 3\), ~\d+ tokens \(max ~\d+\) of a 4096-token context window/);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { questions: number; contextRecall: { recall: { value: number; count: number }; reachedModel: number; neverReachedModel: string[] } };
    expect(summary.questions).toBe(5);
    expect(summary.contextRecall).toMatchObject({ recall: { value: 0.75, count: 4 }, reachedModel: 5, neverReachedModel: [] });
  });

  it("documents the flag in the usage text", async () => {
    const usage = await runScript("scripts/eval.ts", ["--help"]);
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain("--context-recall");
  });
});
