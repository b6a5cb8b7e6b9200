// The model path for real, offline: a tiny randomly initialised BERT (test/fixtures/models/tiny-bert-random,
// no semantic value) run through transformers.js — tokenizer, ONNX inference, mean pooling, normalisation,
// batching — and used to build and query an index.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { TransformersEmbeddings } from "../../../src/core/embeddings/transformers-embeddings.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

const MODEL_DIR = fileURLToPath(new URL("../../fixtures/models", import.meta.url));
const reference = JSON.parse(readFileSync(new URL("../../fixtures/models/tiny-bert-random/reference.json", import.meta.url), "utf8")) as {
  text: string;
  mean_pooled_normalized: number[];
};
const modelConfig = { provider: "transformers" as const, model: "tiny-bert-random", modelDir: MODEL_DIR };

describe("TransformersEmbeddings", () => {
  const embeddings = new TransformersEmbeddings({ model: "tiny-bert-random", modelDir: MODEL_DIR, batchSize: 4 });

  it("reproduces the reference vector computed with onnxruntime in Python", async () => {
    const vector = await embeddings.embedQuery(reference.text);
    expect(vector).toHaveLength(32);
    const maxDiff = Math.max(...vector.map((v, i) => Math.abs(v - reference.mean_pooled_normalized[i]!)));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it("returns unit vectors, the same in batches as one at a time", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `question number ${i} about the open source community`);
    const batched = await embeddings.embedDocuments(texts);
    const single = await embeddings.embedDocuments([texts[7]!]);
    expect(batched).toHaveLength(10);
    for (const v of batched) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    batched[7]!.forEach((v, i) => expect(v).toBeCloseTo(single[0]![i]!, 5));
  });
});

describe("createEmbedder with a local model", () => {
  it("describes the model for the index", async () => {
    const embedder = await createEmbedder({ ...loadConfig({}).embeddings, ...modelConfig });
    expect(embedder).toMatchObject({ id: "transformers:tiny-bert-random", dimension: 32, kind: "semantic" });
    expect(embedder.notice).toBeUndefined();
  });

  it("auto uses the model when it is on disk, and otherwise says once why it runs offline", async () => {
    const base = loadConfig({}).embeddings;
    expect((await createEmbedder({ ...base, ...modelConfig, provider: "auto" })).kind).toBe("semantic");
    const offline = await createEmbedder({ ...base, provider: "auto", model: "no-such-model", modelDir: MODEL_DIR });
    expect(offline.kind).toBe("lexical");
    expect(offline.notice).toMatch(/no model at .*no-such-model.*npm run model:fetch/);
    expect(offline.notice?.split("\n")).toHaveLength(1);
  });

  it("fails with a clear message when the configured model is missing", async () => {
    const base = loadConfig({}).embeddings;
    await expect(createEmbedder({ ...base, provider: "transformers", model: "missing", modelDir: MODEL_DIR })).rejects.toMatchObject({
      code: "embedder_unavailable",
      message: expect.stringContaining("npm run model:fetch"),
    });
  });
});

describe("an index built with the model", () => {
  let kb: TempKnowledge;
  let embedder: Embedder;
  beforeAll(async () => {
    kb = await makeTempKnowledge({ env: { EMBEDDINGS_PROVIDER: "transformers", EMBEDDINGS_MODEL: "tiny-bert-random", EMBEDDINGS_MODEL_DIR: MODEL_DIR } });
    embedder = await createEmbedder(kb.config.embeddings);
  });
  afterAll(() => kb.cleanup());

  it("is built, records the model, answers, and refuses another embedder", async () => {
    const summary = await ingestKnowledge(kb.config, embedder);
    expect(summary.failed).toEqual([]);
    expect(summary.embeddedChunks).toBe(summary.totalChunks);
    const docent = await openDocent(kb.config, { embedder });
    expect(docent.info().embedder).toBe("transformers:tiny-bert-random");
    const answer = await docent.ask("Which Node version does Lumen need?");
    expect(answer.answer).toContain("Node 20 or newer");
    await docent.close();
    const hashing = await createEmbedder({ ...kb.config.embeddings, provider: "hashing" });
    await expect(openDocent(kb.config, { embedder: hashing })).rejects.toMatchObject({ code: "index_mismatch" });
  });
});
