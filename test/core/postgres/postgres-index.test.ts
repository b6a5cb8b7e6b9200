// The Postgres index store against a real Postgres wire protocol: PGlite with pgvector served on loopback by
// pglite-socket, reached with the product's `pg` client. The file store is the reference: the same corpus
// indexed both ways must rank the same passages with the same BM25 scores, and answer the same.
import { cp, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { openIndex } from "../../../src/core/index-store/open-index.js";
import { postgresIndexSource } from "../../../src/core/index-store/postgres/postgres-index.js";
import { hnswBuildMemoryKb } from "../../../src/core/index-store/postgres/postgres-ingest.js";
import { toFtsQuery } from "../../../src/core/retrieve/keyword-query.js";
import { isAppError } from "../../../src/errors.js";
import { FIXTURE_KNOWLEDGE_DIR } from "../../helpers/docent-fixture.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";

let server: PgliteServer;
let root: string;
let embedder: Embedder;
let indexes = 0;

beforeAll(async () => {
  server = await startPgliteServer();
  root = await mkdtemp(join(tmpdir(), "docent-pg-"));
  embedder = await createEmbedder(loadConfig({ EMBEDDINGS_PROVIDER: "hashing" }).embeddings);
});
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

/** A copy of the fixture corpus, and configs for it: one on Postgres (its own index name), one on files. */
async function scratch(): Promise<{ knowledgeDir: string; pgConfig: Config; fileConfig: Config }> {
  const n = ++indexes;
  const knowledgeDir = join(root, `knowledge-${n}`);
  await cp(FIXTURE_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
  const env = { EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, `data-${n}`) };
  return {
    knowledgeDir,
    pgConfig: loadConfig({ ...env, DATABASE_URL: server.url, DATABASE_INDEX: `test-${n}` }, { knowledgeDir }),
    fileConfig: loadConfig(env, { knowledgeDir, indexDir: join(root, `index-${n}`) }),
  };
}

const QUESTIONS = [
  "How do I deploy to Netlify?",
  "install lumen with npm",
  "what is the configuration file called",
  "community code of conduct",
  "Can I use a PR to change the docs?",
  "zzz-unknown-word quantum",
];

describe("Postgres index store", () => {
  it("ranks the same passages with the same BM25 scores and answers the same as the file store", async () => {
    const { pgConfig, fileConfig } = await scratch();
    await ingestKnowledge(fileConfig, embedder);
    const pgSummary = await ingestKnowledge(pgConfig, embedder);
    expect(pgSummary.generation).toBe("gen-1");
    // The first build makes the index's HNSW graph after its rows (a bulk build), and dense search uses it.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'docent_chunks' AND indexname LIKE 'docent_chunks_hnsw_%'",
      );
      const { rows: ids } = await client.query<{ id: number }>("SELECT id FROM docent_indexes WHERE name = $1", [pgConfig.database!.index]);
      expect(rows.map((r) => r.indexname)).toContain(`docent_chunks_hnsw_${ids[0]!.id}_${embedder.dimension}`);
    } finally {
      await client.end();
    }

    const fileIndex = openIndex(fileConfig.indexDir, embedder);
    const source = await postgresIndexSource(pgConfig.database!, embedder);
    const pgIndex = await source.open();
    try {
      expect(pgIndex.chunks.chunkCount()).toBe(fileIndex.chunks.chunkCount());
      expect(pgIndex.chunks.documents().map((d) => d.file).sort()).toEqual(fileIndex.chunks.documents().map((d) => d.file).sort());
      // BM25 with FTS5's formula: same hits, same scores (single words, a phrase, and OR of both).
      for (const match of [...QUESTIONS.map((q) => toFtsQuery(q)), '"code of conduct"', '"deploy" OR "pull request"']) {
        if (match === "") continue;
        const expected = fileIndex.chunks.keywordSearch(match, 50);
        const actual = await pgIndex.chunks.keywordSearch(match, 50);
        expect(actual.map((h) => h.label).sort(), match).toEqual(expected.map((h) => h.label).sort());
        const byLabel = new Map(actual.map((h) => [h.label, h.score]));
        for (const hit of expected) expect(byLabel.get(hit.label), `${match} #${hit.label}`).toBeCloseTo(hit.score, 6);
      }
      // Dense side: cosine similarities of the nearest chunks.
      const vector = await embedder.embeddings.embedQuery("deploy the site");
      const dense = await pgIndex.store.searchLabels(vector, 5);
      const reference = fileIndex.store.searchLabels(vector, 5);
      expect(dense.map((d) => d.label)).toEqual(reference.map((d) => d.label));
      dense.forEach((d, i) => expect(d.similarity).toBeCloseTo(reference[i]!.similarity, 5));
    } finally {
      fileIndex.close();
      await source.close!();
    }

    const fileDocent = await openDocent(fileConfig, { embedder });
    const pgDocent = await openDocent(pgConfig, { embedder });
    try {
      for (const question of QUESTIONS) {
        const [a, b] = [await fileDocent.ask(question), await pgDocent.ask(question)];
        expect({ answer: b.answer, grounded: b.grounded, files: b.citations.map((c) => c.file) }, question).toEqual({
          answer: a.answer,
          grounded: a.grounded,
          files: a.citations.map((c) => c.file),
        });
      }
    } finally {
      await fileDocent.close();
      await pgDocent.close();
    }
  });

  it("ingests per document, publishes a new generation that a watching Docent switches to, and never cites a removed document", async () => {
    const { knowledgeDir, pgConfig } = await scratch();
    await ingestKnowledge(pgConfig, embedder);
    const docent = await openDocent(pgConfig, { embedder, watch: true });
    try {
      expect(docent.info().generation).toBe("gen-1");
      const unchanged = await ingestKnowledge(pgConfig, embedder);
      expect(unchanged).toMatchObject({ added: [], changed: [], removed: [], embeddedChunks: 0 });
      expect(unchanged.generation).toBeUndefined();

      await writeFile(join(knowledgeDir, "zebra.md"), "---\ntitle: Zebra stripes\n---\n\n# Zebra stripes\n\nEvery zebra in Lumen has exactly forty-two stripes.\n");
      await unlink(join(knowledgeDir, "faq.txt"));
      const summary = await ingestKnowledge(pgConfig, embedder);
      expect(summary).toMatchObject({ added: ["zebra.md"], removed: ["faq.txt"], generation: "gen-2" });
      expect(summary.embeddedChunks).toBe(1);

      // The ingest's NOTIFY (or, failing that, Docent's periodic check) switches the running Docent.
      await expect.poll(() => docent.info().generation, { timeout: 20_000 }).toBe("gen-2");
      const answer = await docent.ask("How many stripes does a zebra have?");
      expect(answer.grounded).toBe(true);
      expect(answer.citations[0]!.file).toBe("zebra.md");
      const hits = await docent.search("frequently asked questions", { topK: 10 });
      expect(hits.map((h) => h.file)).not.toContain("faq.txt");
    } finally {
      await docent.close();
    }
  });

  it("keeps the live generation when an ingest dies half-way, and the next run removes what it wrote", async () => {
    const { knowledgeDir, pgConfig } = await scratch();
    await ingestKnowledge(pgConfig, embedder);
    await writeFile(join(knowledgeDir, "half.md"), "# Half\n\nWritten by an ingest that was killed.\n");
    // What a killed run leaves: rows of the unpublished generation 2 (a new chunk, a dying one).
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT id FROM docent_indexes WHERE name = $1", [pgConfig.database!.index]);
      const id = rows[0].id as number;
      await client.query(
        `INSERT INTO docent_chunks (index_id, label, born, file, position, title, section, text, terms, term_freqs, token_count, embedding)
         SELECT index_id, 100000, 2, 'half.md', 0, 'Half', '', 'killed', '''killed'':1', '{"killed":1}', 1, embedding FROM docent_chunks WHERE index_id = $1 LIMIT 1`,
        [id],
      );
      await client.query("UPDATE docent_chunks SET died = 2 WHERE index_id = $1 AND file = 'install.md'", [id]);

      const docent = await openDocent(pgConfig, { embedder });
      try {
        expect((await docent.search("install lumen", { topK: 5 })).map((h) => h.file)).toContain("install.md");
        expect((await docent.search("killed", { topK: 5 })).map((h) => h.file)).not.toContain("half.md");
      } finally {
        await docent.close();
      }
      const summary = await ingestKnowledge(pgConfig, embedder);
      expect(summary).toMatchObject({ added: ["half.md"], changed: [], removed: [], generation: "gen-2" });
      const { rows: left } = await client.query("SELECT count(*)::int AS n FROM docent_chunks WHERE index_id = $1 AND label = 100000", [id]);
      expect(left[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it("refuses an index built with another embedder, naming the fix", async () => {
    const { pgConfig } = await scratch();
    await ingestKnowledge(pgConfig, embedder);
    const other = await createEmbedder(loadConfig({ EMBEDDINGS_PROVIDER: "hashing" }).embeddings);
    Object.defineProperty(other, "id", { value: "another-embedder" });
    const error = await openDocent(pgConfig, { embedder: other }).catch((e: unknown) => e);
    expect(isAppError(error, "index_mismatch")).toBe(true);
    expect((error as Error).message).toMatch(/npm run ingest -- --full/);
  });

  it("says how to build an index that does not exist yet", async () => {
    const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATABASE_URL: server.url, DATABASE_INDEX: "never-built" });
    const error = await openDocent(config, { embedder }).catch((e: unknown) => e);
    expect(isAppError(error, "index_missing")).toBe(true);
    expect((error as Error).message).toMatch(/no index "never-built" .*npm run ingest/);
  });
});

describe("HNSW build memory", () => {
  it("asks for about the graph's size: more than Postgres's default 64 MB at 100,000 chunks, at most 1 GB", () => {
    expect(hnswBuildMemoryKb(1_000, 256)).toBeLessThan(64 * 1024);
    expect(hnswBuildMemoryKb(100_000, 256)).toBeGreaterThan(64 * 1024);
    expect(hnswBuildMemoryKb(100_000, 384)).toBeGreaterThan(hnswBuildMemoryKb(100_000, 256));
    expect(hnswBuildMemoryKb(10_000_000, 1536)).toBe(1024 * 1024);
  });
});
