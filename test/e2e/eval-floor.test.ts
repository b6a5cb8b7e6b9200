// CI quality floor: runs `npm run eval` (scripts/eval.ts, as a process) with the repository's labelled set
// test/fixtures/eval/knowledge-eval.jsonl over an index of knowledge/ built with the offline embedder, and
// fails the build when a figure drops below its floor.
//
// Measured when the floor was set (offline hashing embedder, extractive answerer), 33 questions, 26
// answerable / 7 unanswerable:
//   hit@1 = hit@3 = hit@5 = MRR = nDCG@10 = 1.000 (over 26; knowledge/ holds one indexed document)
//   answer correctness 0.423 (11/26)   citation correctness 1.000 (15/15)
//   abstention accuracy 0.857 (6/7)    answered 0.577 (15/26)
// Floors leave room for one answerable question to regress (answer correctness 10/26 = 0.385) and none
// for abstention: a bot that starts answering what the docs do not cover must not land quietly.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, type EvalSummary } from "../../src/core/index.js";
import { SEED_KNOWLEDGE_DIR } from "../helpers/docent-fixture.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";
import { runScript } from "../helpers/run-script.js";

const FLOOR = {
  hit1: 0.95,
  hit5: 0.95,
  mrr: 0.95,
  ndcg10: 0.95,
  answerCorrectness: 0.38,
  citationCorrectness: 0.9,
  abstentionAccuracy: 0.85,
  answeredRate: 0.5,
};

let kb: TempKnowledge;
let summary: EvalSummary;
let stdout: string;

beforeAll(async () => {
  kb = await makeTempKnowledge({ from: SEED_KNOWLEDGE_DIR });
  await ingestKnowledge(kb.config, await createEmbedder(kb.config.embeddings));
  const out = join(kb.root, "eval.json");
  const result = await runScript("scripts/eval.ts", ["test/fixtures/eval/knowledge-eval.jsonl", "--knowledge", kb.knowledgeDir, "--index", kb.indexDir, "--json", out], {
    // The floor is for the offline answerer; a language model configured in a developer's .env is not used.
    env: { LLM_PROVIDER: "none" },
  });
  if (result.code !== 0) throw new Error(`npm run eval failed (${result.code}): ${result.stderr}`);
  stdout = result.stdout;
  summary = (JSON.parse(await readFile(out, "utf8")) as { summary: EvalSummary }).summary;
});
afterAll(() => kb.cleanup());

describe("answer quality over knowledge/ stays above the floor", () => {
  it("evaluates the whole labelled set (at least 25 questions, 6 unanswerable)", () => {
    expect(summary.questions).toBeGreaterThanOrEqual(25);
    expect(summary.unanswerable).toBeGreaterThanOrEqual(6);
    expect(summary.retrieval.ndcg10.count).toBe(summary.answerable);
  });

  it.each(["hit1", "hit5", "mrr", "ndcg10"] as const)("retrieval %s", (metric) => {
    expect(summary.retrieval[metric].value, stdout).toBeGreaterThanOrEqual(FLOOR[metric]);
  });

  it.each(["answerCorrectness", "citationCorrectness", "abstentionAccuracy", "answeredRate"] as const)("%s", (metric) => {
    expect(summary[metric].value, stdout).toBeGreaterThanOrEqual(FLOOR[metric]);
  });
});
