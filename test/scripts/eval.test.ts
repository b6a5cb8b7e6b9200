// `npm run eval` as a process: the JSONL mode over a real index of the test corpus, the BEIR mode over a
// tiny BEIR folder indexed into a temporary index, and clear failures on bad input.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge } from "../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";
import { runScript } from "../helpers/run-script.js";

const BEIR_TINY = fileURLToPath(new URL("../fixtures/beir-tiny", import.meta.url));
let kb: TempKnowledge;
const dirs = () => ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir];

const SET = [
  { id: "node", question: "Which Node version does Lumen need?", relevant: ["install.md", "deploy/netlify.md"], must_contain: ["node 20"] },
  { id: "port", question: "What port does the dev server use?", relevant: ["config.mdx"] },
  { id: "mislabelled", question: "Which Node version does Lumen need?", relevant: ["changelog.md"], must_contain: ["banana"] },
  { id: "worldcup", question: "Who won the 1998 world cup?", unanswerable: true },
];

beforeAll(async () => {
  kb = await makeTempKnowledge();
  await ingestKnowledge(kb.config, await createEmbedder(kb.config.embeddings));
  await writeFile(join(kb.root, "set.jsonl"), `${SET.map((q) => JSON.stringify(q)).join("\n")}\n`);
});
afterAll(() => kb.cleanup());

describe("npm run eval -- <file.jsonl>", () => {
  it("prints the metrics table, the failed questions and a JSON summary, and writes --json", async () => {
    const out = join(kb.root, "eval.json");
    // The expected failures are the offline answerer's; a language model in a developer's .env is not used.
    const result = await runScript("scripts/eval.ts", [join(kb.root, "set.jsonl"), ...dirs(), "--json", out], { env: { LLM_PROVIDER: "none" } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const metric of ["hit@1", "hit@3", "hit@5", "MRR", "nDCG@10", "answer correctness", "citation correctness", "abstention accuracy"])
      expect(result.stdout).toContain(metric);
    expect(result.stdout).toMatch(/abstention accuracy\s+\| 1\.000 \| 1/);
    // Only the deliberately mislabelled question fails, with each reason listed.
    expect(result.stdout).toMatch(/Failures:\n  mislabelled: Which Node version does Lumen need\?\n    - retrieval: no relevant file in the top 5/);
    expect(result.stdout).toContain('answer: missing "banana"');
    expect(result.stdout).toContain("citations: cites install.md, not listed as relevant");
    expect(result.stdout).not.toMatch(/^ {2}(node|port|worldcup):/m);

    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { questions: number; failed: number; retrieval: { hit1: { value: number; count: number } } };
    expect(summary).toMatchObject({ questions: 4, failed: 1 });
    expect(summary.retrieval.hit1).toEqual({ value: 2 / 3, count: 3 });
    const detail = JSON.parse(await readFile(out, "utf8")) as { summary: unknown; questions: { id: string; ranked: string[] }[] };
    expect(detail.summary).toEqual(summary);
    expect(detail.questions.find((q) => q.id === "port")?.ranked[0]).toBe("config.mdx");
  });

  it("exits 1 naming the line of a malformed question", async () => {
    await writeFile(join(kb.root, "bad.jsonl"), '{"question": "fine?"}\n{"question": "broken?"\n');
    const result = await runScript("scripts/eval.ts", [join(kb.root, "bad.jsonl"), ...dirs()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.jsonl: line 2: not valid JSON/);
  });

  it("exits 1 when a line lacks the question", async () => {
    await writeFile(join(kb.root, "noq.jsonl"), '{"id": "x", "relevant": ["install.md"]}\n');
    const result = await runScript("scripts/eval.ts", [join(kb.root, "noq.jsonl"), ...dirs()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/noq\.jsonl: line 1: missing field "question"/);
  });

  it("exits 1 for a path that does not exist, and 2 with usage when no input is given", async () => {
    const missing = await runScript("scripts/eval.ts", [join(kb.root, "nowhere.jsonl")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere\.jsonl does not exist/);
    const usage = await runScript("scripts/eval.ts", []);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toMatch(/^usage: npm run eval/);
  });
});

describe("npm run eval -- <beir-folder>", () => {
  it("indexes the corpus into a temporary index and prints nDCG@10 and Recall@100", async () => {
    const out = join(kb.root, "beir.json");
    const result = await runScript("scripts/eval.ts", [BEIR_TINY, "--json", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/6 documents \(\d+ chunks\), 4 test queries, embedder hashing/);
    // Each query's words appear only in its one relevant abstract, so keyword-led search ranks it first.
    expect(result.stdout).toMatch(/nDCG@10 +1\.000/);
    expect(result.stdout).toMatch(/Recall@100 1\.000/);
    expect(JSON.parse(await readFile(out, "utf8"))).toMatchObject({ queries: 4, ndcg10: 1, recall100: 1, split: "test" });
  });

  it("exits 1 naming what is missing from a folder that is not a BEIR folder", async () => {
    const empty = join(kb.root, "not-beir");
    await mkdir(empty, { recursive: true });
    const result = await runScript("scripts/eval.ts", [empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a BEIR folder: corpus\.jsonl, queries\.jsonl, qrels\/test\.tsv missing/);
  });
});
