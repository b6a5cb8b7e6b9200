// One benchmark phase in a fresh process (so load time and peak memory are its own):
//   docent-ingest | docent-query | baseline-build | baseline-query, on the corpus in <dir>/knowledge;
//   postgres-ingest | postgres-query | postgres-drop (--store postgres): Docent with its index in Postgres,
//   index <--index-name>, at --database-url (the bench's PGlite server) or else DATABASE_URL.
// Prints one JSON object of figures.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import MiniSearch from "minisearch";
import { loadConfig } from "../../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent } from "../../src/core/index.js";
import { chunkDocument } from "../../src/core/ingest/chunk-markdown.js";
import { parseDocument } from "../../src/core/ingest/load-document.js";
import { fuseScores } from "../../src/core/retrieve/fuse-scores.js";
import { embeddingText } from "../../src/core/index-store/hnsw-chunk-store.js";
import { removePostgresIndex } from "../../src/core/index-store/postgres/postgres-ingest.js";
import { DEFAULT_DENSE_WEIGHT } from "../../src/core/docent.js";
import { createRootLogger } from "../../src/logger.js";
import { peakRssMb, percentile, timeEach } from "./measure.js";

const { values } = parseArgs({
  options: { phase: { type: "string" }, dir: { type: "string" }, "database-url": { type: "string" }, "index-name": { type: "string" } },
});
const dir = values.dir!;
createRootLogger("silent");
const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", LOG_LEVEL: "silent" }, { knowledgeDir: join(dir, "knowledge"), indexDir: join(dir, "index") });
const embedder = await createEmbedder(config.embeddings);
const questions = JSON.parse(readFileSync(join(dir, "questions.json"), "utf8")) as string[];
const emit = (figures: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...figures, peakRssMb: peakRssMb() })}\n`);
const stats = (samples: number[]) => ({ p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) });

/** The same settings on Postgres: the bench's PGlite server, or DATABASE_URL (from the environment or .env). */
const postgresConfig = () => {
  const url = values["database-url"] ?? loadConfig().database?.url;
  if (!url) throw new Error("postgres phases need --database-url or DATABASE_URL");
  return loadConfig(
    { EMBEDDINGS_PROVIDER: "hashing", LOG_LEVEL: "silent", DATABASE_URL: url, DATABASE_INDEX: values["index-name"]! },
    { knowledgeDir: join(dir, "knowledge") },
  );
};

switch (values.phase) {
  case "docent-ingest": {
    const t = performance.now();
    const summary = await ingestKnowledge(config, embedder);
    const seconds = (performance.now() - t) / 1000;
    const t2 = performance.now();
    await ingestKnowledge(config, embedder);
    emit({ seconds, documents: summary.documents, chunks: summary.totalChunks, unchangedRerunSeconds: (performance.now() - t2) / 1000 });
    break;
  }
  case "docent-query": {
    const t = performance.now();
    const docent = await openDocent(config, { embedder });
    const loadSeconds = (performance.now() - t) / 1000;
    for (const q of questions.slice(0, 20)) await docent.ask(q);
    const retrieve: number[] = [];
    const ask = await timeEach(questions, async (q) => retrieve.push((await docent.ask(q)).timings.retrieveMs));
    emit({ loadSeconds, ask: stats(ask), retrieve: stats(retrieve), queries: questions.length });
    break;
  }
  case "postgres-ingest": {
    const pgConfig = postgresConfig();
    const t = performance.now();
    const summary = await ingestKnowledge(pgConfig, embedder);
    const seconds = (performance.now() - t) / 1000;
    const t2 = performance.now();
    await ingestKnowledge(pgConfig, embedder);
    emit({ seconds, documents: summary.documents, chunks: summary.totalChunks, unchangedRerunSeconds: (performance.now() - t2) / 1000 });
    break;
  }
  case "postgres-query": {
    const t = performance.now();
    const docent = await openDocent(postgresConfig(), { embedder });
    const loadSeconds = (performance.now() - t) / 1000;
    for (const q of questions.slice(0, 20)) await docent.ask(q);
    const retrieve: number[] = [];
    const ask = await timeEach(questions, async (q) => retrieve.push((await docent.ask(q)).timings.retrieveMs));
    await docent.close();
    emit({ loadSeconds, ask: stats(ask), retrieve: stats(retrieve), queries: questions.length });
    break;
  }
  case "postgres-drop": {
    // The bench's index goes (its rows cascade), with the HNSW index ingest made for it.
    const { database } = postgresConfig();
    await removePostgresIndex(database!);
    emit({ dropped: database!.index });
    break;
  }
  case "baseline-build": {
    const t = performance.now();
    const docs: Document[] = [];
    for (const file of readdirSync(config.knowledgeDir)) {
      const doc = parseDocument(readFileSync(join(config.knowledgeDir, file)), file, config.ingest.maxFileBytes);
      for (const c of await chunkDocument(doc, config.ingest.chunkMaxChars))
        docs.push(new Document({ pageContent: c.text, metadata: { id: docs.length, file: c.file, title: c.title, section: c.section } }));
    }
    const vectors = await embedder.embeddings.embedDocuments(docs.map((d) => embeddingText(d.metadata as { title: string; section: string }, d.pageContent)));
    const store = new HNSWLib(embedder.embeddings, { space: "cosine", numDimensions: embedder.dimension });
    await store.addVectors(vectors, docs);
    await store.save(join(dir, "baseline-hnsw"));
    const search = new MiniSearch({ fields: ["heading", "text"], storeFields: [], idField: "id" });
    search.addAll(docs.map((d) => ({ id: d.metadata.id as number, heading: `${d.metadata.title} ${d.metadata.section}`, text: d.pageContent })));
    writeFileSync(join(dir, "baseline-minisearch.json"), JSON.stringify(search));
    emit({ seconds: (performance.now() - t) / 1000, chunks: docs.length });
    break;
  }
  case "baseline-query": {
    const t = performance.now();
    const store = await HNSWLib.load(join(dir, "baseline-hnsw"), embedder.embeddings);
    const search = MiniSearch.loadJSON(readFileSync(join(dir, "baseline-minisearch.json"), "utf8"), { fields: ["heading", "text"], idField: "id" });
    const loadSeconds = (performance.now() - t) / 1000;
    const hybrid = async (q: string) => {
      const vector = await embedder.embeddings.embedQuery(q);
      const dense = await store.similaritySearchVectorWithScore(vector, 50);
      const keyword = search.search(q, { fuzzy: false }).slice(0, 50);
      // HNSWLib returns cosine distances; turn them into similarities like ours.
      return fuseScores(
        keyword.map((k) => ({ label: Number(k.id), score: k.score })),
        dense.map(([d, distance]) => ({ label: d.metadata.id as number, score: 1 - distance })),
        DEFAULT_DENSE_WEIGHT.lexical,
      ).slice(0, config.retrieval.topK);
    };
    for (const q of questions.slice(0, 20)) await hybrid(q);
    emit({ loadSeconds, retrieve: stats(await timeEach(questions, hybrid)), queries: questions.length });
    break;
  }
  default:
    throw new Error(`unknown phase ${values.phase}`);
}
