// Context recall on a tiny knowledge base: every question goes alone through the generated-answer path to
// the recording stand-in model, and the figure counts the answerable questions whose required facts (or an
// alt_map wording) were all in the sources sent.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../../src/config.js";
import { createEmbedder, ingestKnowledge, parseEvalSet } from "../../../src/core/index.js";
import { formatContextRecall, measureContextRecall } from "../../../src/core/eval/context-recall.js";
import { TINY_SET, TINY_SET_JSONL, writeTinyKnowledge } from "./tiny-recall-set.js";

let root: string;
let config: Config;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "docent-recall-"));
  const knowledgeDir = await writeTinyKnowledge(join(root, "knowledge"));
  config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data") }, { knowledgeDir, indexDir: join(root, "index") });
  await ingestKnowledge(config, await createEmbedder(config.embeddings));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("measureContextRecall", () => {
  it("counts the answerable questions whose facts reached the model, over every question asked alone", async () => {
    const items = parseEvalSet(TINY_SET_JSONL, "tiny.jsonl");
    const report = await measureContextRecall(items, config);
    expect(report.summary.recall).toEqual({ value: 3 / 4, count: 4 });
    expect(report.summary).toMatchObject({ questions: 5, reachedModel: 5, neverReachedModel: [], contextTokens: 4_096 });
    const byId = Object.fromEntries(report.questions.map((q) => [q.id, q]));
    expect(byId.free).toMatchObject({ covered: true, missing: [] });
    expect(byId.ticket).toMatchObject({ covered: false, missing: ["40 euros"] });
    expect(byId.worldcup!.covered).toBeNull();
    for (const q of report.questions) {
      expect(q.reachedModel).toBe(true);
      expect(q.sources).toBeGreaterThan(0);
      expect(q.promptTokens).toBeGreaterThan(q.sources * 10);
    }
    expect(byId.node!.sourceTitles).toContain("Installing Lumen");
    expect(formatContextRecall(report)).toMatch(/^context recall \| 0\.750 \| 4 /);
    expect(formatContextRecall(report)).toContain('ticket: How much does a Lumen conference ticket cost?\n    - missing "40 euros"');
  });

  it("uses the configured context window, so fewer sources fit a smaller one", async () => {
    const items = parseEvalSet(JSON.stringify(TINY_SET[0]), "one.jsonl");
    // Any configured provider and address are replaced by the stand-in; its window and answer length are kept.
    const small = { ...config, llm: { ...loadConfig({ LLM_PROVIDER: "ollama" }).llm!, contextTokens: 700, maxAnswerTokens: 300 } };
    const wide = await measureContextRecall(items, config);
    const narrow = await measureContextRecall(items, small);
    expect(narrow.summary.contextTokens).toBe(700);
    expect(narrow.questions[0]!.sources).toBeLessThan(wide.questions[0]!.sources);
  });
});
