// The BEIR loader on a tiny fixture in the standard layout (test/fixtures/beir-tiny), and the corpus
// round trip through knowledge files that the BEIR evaluation indexes.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { docIdOf, loadBeir, writeCorpusAsKnowledge } from "../../../src/core/eval/beir.js";

const TINY = fileURLToPath(new URL("../../fixtures/beir-tiny", import.meta.url));

describe("loadBeir", () => {
  it("reads the corpus, the judged queries of the split, and graded judgments (skipping the header)", async () => {
    const data = await loadBeir(TINY);
    expect(data.corpus).toHaveLength(6);
    expect(data.corpus[0]).toEqual({ id: "d1", title: "Photosynthesis", text: expect.stringContaining("Chlorophyll") });
    // q4 has judgments only in train: it is not a test query.
    expect(data.queries.map((q) => q.id)).toEqual(["q1", "q2", "q3", "q5"]);
    expect(data.qrels.has("query-id")).toBe(false);
    expect([...data.qrels.get("q3")!]).toEqual([
      ["d5", 2],
      ["d1", 0],
    ]);
  });

  it("reads another split when asked", async () => {
    const data = await loadBeir(TINY, "train");
    expect(data.queries.map((q) => q.id)).toEqual(["q4"]);
  });

  it("names the missing files of a folder that is not a BEIR folder", async () => {
    await expect(loadBeir(TINY, "dev")).rejects.toThrow(/not a BEIR folder: qrels\/dev\.tsv missing/);
    await expect(loadBeir(join(TINY, "qrels"))).rejects.toThrow(/corpus\.jsonl, queries\.jsonl, qrels\/test\.tsv missing/);
  });
});

describe("writeCorpusAsKnowledge / docIdOf", () => {
  it("writes one Markdown file per document whose name maps back to the id, even with a slash in it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "docent-beir-"));
    try {
      const { corpus } = await loadBeir(TINY);
      await writeCorpusAsKnowledge(corpus, dir);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(6);
      expect(files.map(docIdOf).sort()).toEqual(corpus.map((d) => d.id).sort());
      expect(await readFile(join(dir, "d1.md"), "utf8")).toContain('title: "Photosynthesis"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
