// npm run measure:fusion -- <beir-folder> [--split train] [--weights 0,0.05,0.1,0.2,0.3,0.5]
// Indexes a BEIR corpus with the configured embedder and prints nDCG@10 and Recall@100 of hybrid retrieval
// for each dense weight, so the default weight is chosen by measurement on a split you do not report on.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { environment, loadConfig, withoutChatPlatforms } from "../src/config.js";
import { createEmbedder, docIdOf, ingestKnowledge, loadBeir, mean, ndcgAt, openDocent, recallAt, writeCorpusAsKnowledge } from "../src/core/index.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run measure:fusion -- <beir-folder> [--split train] [--weights 0,0.05,0.1,0.2,0.3,0.5]
Indexes a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) with the configured embedder into a
temporary index and prints nDCG@10 and Recall@100 of hybrid retrieval for each dense weight.
  --split     qrels split to score (default train; keep test for reporting)
  --weights   comma-separated dense weights to try`;

runEntry(async () => {
  const { values, positionals } = parseArgs({
    options: {
      split: { type: "string", default: "train" },
      weights: { type: "string", default: "0,0.05,0.1,0.2,0.3,0.5" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const folder = positionals[0];
  if (!folder) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  createRootLogger("warn");
  const dataset = await loadBeir(folder, values.split);
  const work = await mkdtemp(join(tmpdir(), "docent-fusion-"));
  try {
    const knowledgeDir = await writeCorpusAsKnowledge(dataset.corpus, join(work, "knowledge"));
    const config = withoutChatPlatforms(loadConfig(environment(), { knowledgeDir, indexDir: join(work, "index") }));
    const embedder = await createEmbedder(config.embeddings);
    const summary = await ingestKnowledge(config, embedder);
    const docent = await openDocent(config, { embedder });
    process.stdout.write(`${dataset.corpus.length} documents (${summary.totalChunks} chunks), ${dataset.queries.length} ${values.split} queries, embedder ${embedder.id}\n`);
    process.stdout.write("dense weight | nDCG@10 | Recall@100\n");
    for (const weight of values.weights!.split(",").map(Number)) {
      const ndcg: number[] = [];
      const recall: number[] = [];
      for (const q of dataset.queries) {
        const ranked = (await docent.search(q.text, { topK: 100, denseWeight: weight })).map((h) => docIdOf(h.file));
        const judged = dataset.qrels.get(q.id)!;
        ndcg.push(ndcgAt(ranked, judged, 10));
        recall.push(recallAt(ranked, judged, 100));
      }
      process.stdout.write(`${weight.toFixed(2).padStart(12)} | ${mean(ndcg).toFixed(3)}   | ${mean(recall).toFixed(3)}\n`);
    }
    await docent.close();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
