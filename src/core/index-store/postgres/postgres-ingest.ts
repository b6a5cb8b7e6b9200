// Incremental ingest into the Postgres index. Like the file store's ingest (run-ingest.ts) it compares the
// knowledge directory with the live manifest and embeds only new and changed documents; unlike it, nothing
// is copied: the rows of the next generation are written beside the live ones (new rows born there, removed
// rows dying there — readers of the live generation see neither), one transaction per document, and the
// generation is published in one transaction that switches docent_indexes.live_generation and NOTIFYs the
// replicas. One writer per index at a time (a Postgres advisory lock). A killed run leaves the live
// generation as it was; the next run removes what it had written.
import pg from "pg";
import type { DatabaseConfig } from "../../../config.js";
import { AppError } from "../../../errors.js";
import { createLogger } from "../../../logger.js";
import { describeDatabase, inTransaction, openPool, type Pool } from "../../db/postgres.js";
import type { Embedder } from "../../embeddings/create-embeddings.js";
import { calendarDate, readKnowledge, type IngestOptions, type IngestSettings, type IngestSummary } from "../../ingest/run-ingest.js";
import { embeddingText } from "../hnsw-chunk-store.js";
import { chunkTerms } from "./fts-terms.js";
import {
  embedderMismatch,
  generationName,
  NOTIFY_CHANNEL,
  readGeneration,
  readGenerationDocuments,
  readIndexRow,
  visibleAt,
  type GenerationRow,
} from "./postgres-index.js";

const EMBED_BATCH = 64;
// hnswlib's graph parameters in the file store (hnsw-chunk-store.ts).
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 200;
const HNSW_BUILD_MEMORY_MAX_KB = 1024 * 1024;
/** First key of the writer's advisory lock (the second is the index name's hash): "doc". */
const LOCK_CLASS = 0x646f63;
const TABLES = ["docent_chunks", "docent_documents", "docent_term_stats"] as const;

export async function ingestToPostgres(config: IngestSettings, embedder: Embedder, options: IngestOptions = {}): Promise<IngestSummary> {
  const database = config.database!;
  const log = createLogger("ingest");
  const pool = await openPool(database, { logger: log });
  try {
    const release = await acquireWriterLock(database.url, database.index);
    try {
      return await ingestLocked(pool, config, embedder, options, release.lost);
    } finally {
      await release();
    }
  } finally {
    await pool.end();
  }
}

/**
 * Takes the one-writer lock of an index on a connection of its own (a session-level advisory lock: Postgres
 * releases it if this process dies). Throws "another ingest is running" when another session holds it.
 */
export async function acquireWriterLock(url: string, indexName: string): Promise<(() => Promise<void>) & { lost: () => boolean }> {
  const client = new pg.Client({ connectionString: url, application_name: "docent-ingest-lock" });
  // The lock lives as long as this connection: if it drops, another ingest may start, so this one must not publish.
  let lost = false;
  client.on("error", (error) => {
    lost = true;
    createLogger("ingest").error({ err: error, index: indexName }, "ingest: lost the connection holding the writer lock; this run will not publish");
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [LOCK_CLASS, indexName]);
    if (!rows[0]?.locked) {
      const { rows: holders } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = hashtext($2)::oid AND granted",
        [LOCK_CLASS, indexName],
      ).catch(() => ({ rows: [] as { pid: number }[] }));
      throw new AppError(
        "ingest_failed",
        `ingest: another ingest is running for index "${indexName}" in ${describeDatabase(url)}${holders[0] ? ` (database session ${holders[0].pid})` : ""}`,
      );
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  const release = async () => {
    await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_CLASS, indexName]).catch(() => {});
    await client.end().catch(() => {});
  };
  return Object.assign(release, { lost: () => lost });
}

async function ingestLocked(pool: Pool, config: IngestSettings, embedder: Embedder, options: IngestOptions, lockLost: () => boolean): Promise<IngestSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const log = createLogger("ingest");
  const name = config.database!.index;
  await pool.query("INSERT INTO docent_indexes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name]);
  const index = (await readIndexRow(pool, name))!;
  const live = index.live ?? 0;
  const indexId = index.id;
  const removedLeftovers = await removeUnpublished(pool, indexId, live);
  if (removedLeftovers > 0) log.info({ index: name, rows: removedLeftovers }, "removed rows an interrupted ingest had written");

  const liveRow: GenerationRow | undefined = index.live === null ? undefined : await readGeneration(pool, indexId, index.live);
  const full = Boolean(options.full) || !liveRow;
  if (!options.full && liveRow) {
    const mismatch = embedderMismatch(name, liveRow.embedder, embedder);
    if (mismatch) throw mismatch;
  }
  const known = full ? new Map<string, string>() : new Map((await readGenerationDocuments(pool, indexId, live)).map((d) => [d.file, d.hash]));

  const { compared, summary, maxChars } = await readKnowledge(config, embedder, known, progress, {
    totalChunks: liveRow?.chunkCount ?? 0,
    documents: liveRow?.documentCount ?? 0,
  });
  if (!full && compared.toIndex.length === 0 && summary.removed.length === 0) {
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  }

  const next = live + 1;
  const dimension = embedder.dimension;
  try {
    // Term frequency changes of this generation, applied to the live statistics at the end.
    const dfDelta = new Map<string, number>();
    const bump = (terms: Iterable<string>, by: number) => {
      for (const t of terms) dfDelta.set(t, (dfDelta.get(t) ?? 0) + by);
    };
    if (full) {
      for (const table of TABLES)
        await pool.query(`UPDATE ${table} SET died = $2 WHERE index_id = $1 AND ${visibleAt("$3")}`, [indexId, next, live]);
    } else {
      const gone = [...summary.removed, ...summary.changed];
      if (gone.length > 0) {
        const { rows } = await pool.query<{ terms: string[] }>(
          `UPDATE docent_chunks SET died = $2 WHERE index_id = $1 AND file = ANY ($4::text[]) AND ${visibleAt("$3")}
           RETURNING (SELECT array_agg(k) FROM jsonb_object_keys(term_freqs) AS k) AS terms`,
          [indexId, next, live, gone],
        );
        for (const r of rows) bump(r.terms ?? [], -1);
        await pool.query(`UPDATE docent_documents SET died = $2 WHERE index_id = $1 AND file = ANY ($4::text[]) AND ${visibleAt("$3")}`, [
          indexId,
          next,
          live,
          gone,
        ]);
      }
    }

    // When the index first saw each document survives edits and full rebuilds (rows of earlier generations
    // are still there: the live one's are only marked as dying).
    const firstSeen = new Map<string, Date>();
    {
      const files = compared.toIndex.map((t) => t.doc.file);
      const { rows } = await pool.query<{ file: string; first_seen: Date }>(
        "SELECT file, min(first_seen) AS first_seen FROM docent_documents WHERE index_id = $1 AND file = ANY ($2::text[]) GROUP BY file",
        [indexId, files],
      );
      for (const r of rows) firstSeen.set(r.file, r.first_seen);
    }
    let nextLabel = liveRow?.nextLabel ?? 0;
    const total = compared.toIndex.reduce((n, t) => n + t.chunks.length, 0);
    let embedded = 0;
    progress({ phase: "embedding", done: 0, total });
    for (const { doc, hash, chunks } of compared.toIndex) {
      const vectors: number[][] = [];
      for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
        const batch = chunks.slice(i, i + EMBED_BATCH);
        vectors.push(...(await embedder.embeddings.embedDocuments(batch.map((c) => embeddingText(c, c.text)))));
        embedded += batch.length;
        progress({ phase: "embedding", done: embedded, total });
      }
      const terms = chunks.map((c) => chunkTerms(c));
      const labels = chunks.map(() => nextLabel++);
      // A document's chunks and its manifest row go in together (embedding happened before: no transaction
      // is held open while waiting for the embedder).
      await inTransaction(pool, async (client) => {
        if (chunks.length > 0)
          await client.query(
            `INSERT INTO docent_chunks (index_id, label, born, file, position, title, section, url, text, blocks, terms, term_freqs, token_count, embedding)
             SELECT $1, r.label, $2, r.file, r.position, r.title, r.section, r.url, r.text, r.blocks::jsonb, r.terms::tsvector, r.freqs::jsonb, r.tokens, r.embedding::vector
             FROM unnest($3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[], $14::text[])
               AS r (label, file, position, title, section, url, text, terms, freqs, tokens, embedding, blocks)`,
            [
              indexId,
              next,
              labels,
              chunks.map((c) => c.file),
              chunks.map((c) => c.position),
              chunks.map((c) => c.title),
              chunks.map((c) => c.section),
              chunks.map((c) => c.url ?? null),
              chunks.map((c) => c.text),
              terms.map((t) => t.tsvector),
              terms.map((t) => JSON.stringify(t.freqs)),
              terms.map((t) => t.length),
              vectors.map((v) => `[${v.join(",")}]`),
              chunks.map((c) => (c.blocks ? JSON.stringify(c.blocks) : null)),
            ],
          );
        await client.query(
          `INSERT INTO docent_documents (index_id, file, born, hash, title, url, chunk_count, date, description, first_seen)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))`,
          [indexId, doc.file, next, hash, doc.title, doc.url ?? null, chunks.length, calendarDate(doc.date) ?? null, doc.description ?? null, firstSeen.get(doc.file) ?? null],
        );
      });
      for (const t of terms) bump(Object.keys(t.freqs), 1);
    }

    progress({ phase: "writing", done: 0, total: 1 });
    // Made after the rows when it does not exist yet (an index's first build): pgvector builds an HNSW graph
    // from existing rows several times faster than it inserts them one by one. Later runs maintain it.
    await ensureVectorIndex(pool, indexId, dimension, embedded);
    await writeTermStats(pool, indexId, live, next, dfDelta, full);
    const { rows: counts } = await pool.query<{ chunks: string; tokens: string | null; documents: string }>(
      `SELECT (SELECT count(*) FROM docent_chunks WHERE index_id = $1 AND ${visibleAt("$2")}) AS chunks,
              (SELECT sum(token_count) FROM docent_chunks WHERE index_id = $1 AND ${visibleAt("$2")}) AS tokens,
              (SELECT count(*) FROM docent_documents WHERE index_id = $1 AND ${visibleAt("$2")}) AS documents`,
      [indexId, next],
    );
    summary.totalChunks = Number(counts[0]!.chunks);
    summary.documents = Number(counts[0]!.documents);
    summary.embeddedChunks = embedded;
    if (lockLost()) throw new AppError("ingest_failed", `ingest: lost the writer lock of index "${name}" (its connection dropped); nothing was published, run it again`);
    // Publish: the generation row, the switch and the notification commit together (NOTIFY is sent at commit).
    await inTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO docent_generations (index_id, generation, previous_generation, embedder_id, embedder_dimension, embedder_kind,
           chunk_max_chars, next_label, chunk_count, document_count, token_total)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [indexId, next, liveRow ? live : null, embedder.id, dimension, embedder.kind, maxChars, nextLabel, summary.totalChunks, summary.documents, Number(counts[0]!.tokens ?? 0)],
      );
      await client.query("UPDATE docent_indexes SET live_generation = $2 WHERE id = $1", [indexId, next]);
      await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, name]);
    });
    progress({ phase: "writing", done: 1, total: 1 });
  } catch (error) {
    // The live generation is untouched; what this run wrote is removed now (or by the next run).
    await removeUnpublished(pool, indexId, live).catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError("ingest_failed", `ingest: could not build index "${name}" in ${describeDatabase(config.database!.url)}: ${String(error)}`, { cause: error });
  }
  // The generation live before this one stays readable for replicas still on it; older rows go.
  await removeRetired(pool, indexId, live);
  if (summary.embeddedChunks > 1_000) await pool.query("ANALYZE docent_chunks; ANALYZE docent_term_stats").catch(() => {});
  summary.generation = generationName(next);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The partial HNSW index of one (index, dimension) is named <prefix>_<index id>_<dimension>; removePostgresIndex finds them so. */
const VECTOR_INDEX_PREFIX = "docent_chunks_hnsw";
function vectorIndexName(indexId: number, dimension: number): string {
  return `${VECTOR_INDEX_PREFIX}_${indexId}_${dimension}`;
}

/** pgvector indexes one dimension per index: a partial HNSW index per (index, dimension), made once — after
 *  the rows of an index's first build, in one go (`rows` of them). */
async function ensureVectorIndex(pool: Pool, indexId: number, dimension: number, rows: number): Promise<void> {
  const name = vectorIndexName(indexId, dimension);
  const { rowCount } = await pool.query("SELECT 1 FROM pg_indexes WHERE tablename = 'docent_chunks' AND indexname = $1", [name]);
  if (rowCount) return;
  await inTransaction(pool, async (client) => {
    // pgvector builds far faster while the graph fits in maintenance_work_mem (64 MB by default: about 20,000
    // chunks of 384 dimensions). Raised for this statement's transaction only, never lowered.
    await client.query(
      "SELECT set_config('maintenance_work_mem', greatest((SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'), $1)::text || 'kB', true)",
      [hnswBuildMemoryKb(rows, dimension)],
    );
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${name} ON docent_chunks
       USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) WITH (m = ${HNSW_M}, ef_construction = ${HNSW_EF_CONSTRUCTION})
       WHERE index_id = ${indexId} AND vector_dims(embedding) = ${dimension}`,
    );
  });
}

/** The memory an HNSW build of `rows` vectors needs, in kB: each element's vector and its 2·m neighbours on
 *  the bottom layer (16 bytes each) and bookkeeping, with a margin; at most 1 GB (a bigger graph builds, slower). */
export function hnswBuildMemoryKb(rows: number, dimension: number): number {
  const perElement = dimension * 4 + HNSW_M * 2 * 16 + 256;
  return Math.min(HNSW_BUILD_MEMORY_MAX_KB, Math.ceil((rows * perElement * 1.25) / 1024));
}

/** New df per changed term: the live value plus this run's change (from zero for a full rebuild). */
async function writeTermStats(pool: Pool, indexId: number, live: number, next: number, delta: Map<string, number>, full: boolean): Promise<void> {
  const terms = [...delta].filter(([, d]) => d !== 0 || full).map(([t]) => t);
  if (terms.length === 0) return;
  const current = new Map<string, number>();
  if (!full) {
    const { rows } = await pool.query<{ term: string; df: number }>(
      `SELECT term, df FROM docent_term_stats WHERE index_id = $1 AND term = ANY ($3::text[]) AND ${visibleAt("$2")}`,
      [indexId, live, terms],
    );
    for (const r of rows) current.set(r.term, r.df);
  }
  const dfs = terms.map((t) => (current.get(t) ?? 0) + delta.get(t)!);
  await inTransaction(pool, async (client) => {
    if (!full)
      await client.query(`UPDATE docent_term_stats SET died = $2 WHERE index_id = $1 AND term = ANY ($4::text[]) AND ${visibleAt("$3")}`, [
        indexId,
        next,
        live,
        terms,
      ]);
    await client.query(
      "INSERT INTO docent_term_stats (index_id, term, born, df) SELECT $1, t, $2, d FROM unnest($3::text[], $4::int[]) AS r (t, d) WHERE d > 0",
      [indexId, next, terms, dfs],
    );
  });
}

/** Undoes what an unpublished generation (above `live`) wrote; returns the rows removed or restored. */
async function removeUnpublished(pool: Pool, indexId: number, live: number): Promise<number> {
  let n = 0;
  for (const table of TABLES) {
    n += (await pool.query(`DELETE FROM ${table} WHERE index_id = $1 AND born > $2`, [indexId, live])).rowCount ?? 0;
    n += (await pool.query(`UPDATE ${table} SET died = NULL WHERE index_id = $1 AND died > $2`, [indexId, live])).rowCount ?? 0;
  }
  return n;
}

/** Removes rows no generation from `keep` on can see, and the rows of generations before it. */
async function removeRetired(pool: Pool, indexId: number, keep: number): Promise<void> {
  for (const table of TABLES) await pool.query(`DELETE FROM ${table} WHERE index_id = $1 AND died <= $2`, [indexId, keep]);
  await pool.query("DELETE FROM docent_generations WHERE index_id = $1 AND generation < $2", [indexId, keep]);
}

/**
 * Removes an index from the database: its rows (they cascade from docent_indexes) and the HNSW indexes ingest
 * made for it. For the commands that build an index of their own to measure and then throw away (`npm run
 * eval` on a BEIR folder, the bench). Returns false when there was no such index. Takes no writer lock: the
 * callers' indexes have names no one else uses.
 */
export async function removePostgresIndex(database: Pick<DatabaseConfig, "url" | "index">): Promise<boolean> {
  const client = new pg.Client({ connectionString: database.url, application_name: "docent-remove-index" });
  try {
    await client.connect();
    const { rows } = await client.query<{ id: number }>("DELETE FROM docent_indexes WHERE name = $1 RETURNING id", [database.index]);
    for (const { id } of rows) {
      // One per dimension the index was ever built with (see vectorIndexName).
      const { rows: vectorIndexes } = await client.query<{ schemaname: string; indexname: string }>(
        "SELECT schemaname, indexname FROM pg_indexes WHERE tablename = 'docent_chunks' AND indexname ~ $1",
        [`^${VECTOR_INDEX_PREFIX}_${Number(id)}_[0-9]+$`],
      );
      for (const v of vectorIndexes) await client.query(`DROP INDEX IF EXISTS ${client.escapeIdentifier(v.schemaname)}.${client.escapeIdentifier(v.indexname)}`);
    }
    return rows.length > 0;
  } catch (error) {
    throw new AppError("ingest_failed", `index: could not remove index "${database.index}" from ${describeDatabase(database.url)}: ${String(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}
