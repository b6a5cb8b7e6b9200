// Re-index runs inside the bot are counted by result and timed, through the runner's onRun hook that npm start
// wires to the metrics.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, createReindexRunner, ingestKnowledge } from "../../src/core/index.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
beforeEach(async () => {
  kb = await makeTempKnowledge();
});
afterEach(() => kb.cleanup());

describe("re-index metrics", () => {
  it("counts a run that finished as ok and one that could not run as error, with their durations", async () => {
    const embedder = await createEmbedder(kb.config.embeddings);
    await ingestKnowledge(kb.config, embedder);
    const metrics = createMetrics({ defaultMetrics: false });
    const runner = createReindexRunner(kb.config, embedder, { onRun: metrics.observeReindex });

    await runner.run();
    await writeFile(join(kb.knowledgeDir, "sources.yml"), "sources:\n  - name: [unclosed\n");
    await expect(runner.run()).rejects.toThrow();

    const text = await metrics.registry.metrics();
    expect(text).toContain('docent_reindex_runs_total{result="ok"} 1');
    expect(text).toContain('docent_reindex_runs_total{result="error"} 1');
    expect(text).toContain("docent_reindex_duration_seconds_count 2");
  });
});
