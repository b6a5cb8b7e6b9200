// Serving an index from Postgres: the live generation (docent_indexes.live_generation) is opened as a
// ServedIndex — BM25 over the chunks' tsvectors (GIN) computed in SQL with FTS5's formula and statistics kept
// per generation, dense k-NN over pgvector's HNSW index — and every replica switches to a newly published
// generation when ingest NOTIFYs docent_index (and on Docent's periodic check, should a notification be lost).
import pg from "pg";
import type { DatabaseConfig } from "../../../config.js";
import { AppError } from "../../../errors.js";
import { createLogger, type Logger } from "../../../logger.js";
import { describeDatabase, openPool, type Pool } from "../../db/postgres.js";
import type { Embedder } from "../../embeddings/create-embeddings.js";
import type { ChunkBlock } from "../../ingest/chunk-markdown.js";
import type { ChunkRow, DocumentRow, KeywordHit } from "../chunk-db.js";
import type { IndexMeta } from "../index-meta.js";
import type { IndexSource, ServedIndex } from "../search-index.js";
import { BM25_B, BM25_K1, BODY_WEIGHT, bm25Idf, HEADING_WEIGHT, parseFtsMatch, phraseQuery } from "./fts-terms.js";

export const NOTIFY_CHANNEL = "docent_index";
// hnswlib's search breadth in the file store (hnsw-chunk-store.ts); pgvector's default (40) would cap a
// 50-candidate search at 40 rows.
const EF_SEARCH = 100;
const FREQUENCY_CACHE_MAX = 200_000;
const CHUNK_CACHE_MAX = 20_000;

export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export interface GenerationRow {
  indexId: number;
  generation: number;
  previousGeneration: number | null;
  embedder: IndexMeta["embedder"];
  chunkMaxChars: number;
  nextLabel: number;
  chunkCount: number;
  documentCount: number;
  tokenTotal: number;
}

export function generationName(generation: number): string {
  return `gen-${generation}`;
}

/** SQL condition: the row (aliased or not) belongs to generation `param`. */
export function visibleAt(param: string, alias = ""): string {
  const a = alias ? `${alias}.` : "";
  return `${a}born <= ${param} AND (${a}died IS NULL OR ${a}died > ${param})`;
}

export async function readIndexRow(db: Queryable, name: string): Promise<{ id: number; live: number | null } | undefined> {
  const { rows } = await db.query<{ id: number; live_generation: string | null }>(
    "SELECT id, live_generation FROM docent_indexes WHERE name = $1",
    [name],
  );
  const row = rows[0];
  return row && { id: row.id, live: row.live_generation === null ? null : Number(row.live_generation) };
}

export async function readGeneration(db: Queryable, indexId: number, generation: number): Promise<GenerationRow> {
  const { rows } = await db.query(
    `SELECT index_id, generation, previous_generation, embedder_id, embedder_dimension, embedder_kind, chunk_max_chars,
       next_label, chunk_count, document_count, token_total
     FROM docent_generations WHERE index_id = $1 AND generation = $2`,
    [indexId, generation],
  );
  const r = rows[0] as Record<string, string | number | null> | undefined;
  if (!r) throw new AppError("index_corrupt", `index: generation ${generation} is live but has no docent_generations row; run "npm run ingest -- --full"`);
  return {
    indexId: Number(r.index_id),
    generation: Number(r.generation),
    previousGeneration: r.previous_generation === null ? null : Number(r.previous_generation),
    embedder: { id: String(r.embedder_id), dimension: Number(r.embedder_dimension), kind: r.embedder_kind as "semantic" | "lexical" },
    chunkMaxChars: Number(r.chunk_max_chars),
    nextLabel: Number(r.next_label),
    chunkCount: Number(r.chunk_count),
    documentCount: Number(r.document_count),
    tokenTotal: Number(r.token_total),
  };
}

/** The manifest of generation `generation` of an index (a row per document, by file): what it answers from. */
export async function readGenerationDocuments(db: Queryable, indexId: number, generation: number): Promise<DocumentRow[]> {
  const { rows } = await db.query<{ file: string; hash: string; title: string; url: string | null; chunk_count: number; date: string | null; description: string | null; first_seen: Date }>(
    `SELECT file, hash, title, url, chunk_count, date, description, first_seen FROM docent_documents
     WHERE index_id = $1 AND ${visibleAt("$2")} ORDER BY file`,
    [indexId, generation],
  );
  return rows.map((d) => ({
    file: d.file,
    hash: d.hash,
    title: d.title,
    url: d.url,
    chunkCount: d.chunk_count,
    date: d.date,
    description: d.description,
    firstSeen: new Date(d.first_seen).toISOString(),
  }));
}

export function embedderMismatch(name: string, built: IndexMeta["embedder"], embedder: { id: string; dimension: number }): AppError | undefined {
  if (built.id === embedder.id && built.dimension === embedder.dimension) return undefined;
  return new AppError(
    "index_mismatch",
    `index: "${name}" in the database was built with embedder ${built.id} (${built.dimension} dimensions), but the ` +
      `configured embedder is ${embedder.id} (${embedder.dimension} dimensions); run "npm run ingest -- --full" to rebuild it`,
  );
}

// Session settings for dense search, made once per connection before its first k-NN query. Visibility
// filters (the generation) apply after the HNSW scan: iterative scans go on until k rows pass them.
const DENSE_SETTINGS = `SET hnsw.ef_search = ${EF_SEARCH}; SET hnsw.iterative_scan = strict_order`;
const configured = new WeakSet<pg.PoolClient>();

/** A query on a pooled connection that has the dense-search settings. */
async function denseQuery<R extends pg.QueryResultRow>(pool: Pool, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  try {
    if (!configured.has(client)) {
      await client.query(DENSE_SETTINGS);
      configured.add(client);
    }
    return await client.query<R>(sql, params);
  } finally {
    client.release();
  }
}

export async function openServingPool(database: DatabaseConfig, logger: Logger): Promise<Pool> {
  return openPool(database, { logger });
}

/** Opens generation `row` of an index for answering. */
export async function openPostgresGeneration(pool: Pool, name: string, row: GenerationRow): Promise<ServedIndex> {
  const { indexId, generation } = row;
  const dimension = row.embedder.dimension;
  const documents = await readGenerationDocuments(pool, indexId, generation);

  const frequencies = new Map<string, number>();
  let missing = new Set<string>();
  const chunkCache = new Map<number, ChunkRow>();
  const remember = (rows: ChunkSqlRow[]) => {
    if (chunkCache.size + rows.length > CHUNK_CACHE_MAX) chunkCache.clear();
    for (const r of rows) chunkCache.set(Number(r.label), toChunk(r));
  };
  const loadFrequencies = async (terms: string[]) => {
    const wanted = [...new Set(terms)];
    if (wanted.length === 0) return;
    const { rows } = await pool.query<{ term: string; df: number }>(
      `SELECT term, df FROM docent_term_stats WHERE index_id = $1 AND term = ANY ($3::text[]) AND ${visibleAt("$2")}`,
      [indexId, generation, wanted],
    );
    if (frequencies.size + wanted.length > FREQUENCY_CACHE_MAX) frequencies.clear();
    for (const t of wanted) frequencies.set(t, 0);
    for (const r of rows) frequencies.set(r.term, Number(r.df));
  };
  const rows = Math.max(1, row.chunkCount);
  const avgLength = row.chunkCount > 0 ? row.tokenTotal / row.chunkCount : 1;

  const keywordSearch = async (match: string, limit: number): Promise<KeywordHit[]> => {
    const phrases = parseFtsMatch(match);
    if (phrases.length === 0) return [];
    const singles = phrases.filter((p) => p.length === 1).map((p) => p[0]!);
    await loadFrequencies(singles.filter((t) => !frequencies.has(t)));
    const idfs: number[] = [];
    for (const phrase of phrases) {
      let hits: number;
      if (phrase.length === 1) hits = frequencies.get(phrase[0]!) ?? 0;
      else {
        // A phrase's document frequency is counted the way FTS5 does: rows that contain it.
        const { rows: counted } = await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM docent_chunks WHERE index_id = $1 AND ${visibleAt("$2")} AND terms @@ $3::tsquery`,
          [indexId, generation, phraseQuery(phrase)],
        );
        hits = Number(counted[0]!.n);
      }
      idfs.push(bm25Idf(rows, hits));
    }
    const any = phrases.map((p) => `(${phraseQuery(p)})`).join(" | ");
    const { rows: found } = await pool.query<ChunkSqlRow & { score: number }>(
      `WITH q AS (SELECT * FROM unnest($4::text[], $5::float8[]) AS q (phrase, idf)),
       c AS (
         SELECT label, token_count, terms, term_freqs FROM docent_chunks
         WHERE index_id = $1 AND ${visibleAt("$2")} AND terms @@ $3::tsquery
       ),
       s AS (
         SELECT c.label, sum(q.idf * f.tf * ${BM25_K1 + 1} / (f.tf + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * c.token_count / $6::float8))) AS score
         FROM c CROSS JOIN q
         CROSS JOIN LATERAL (
           SELECT CASE WHEN strpos(q.phrase, ' ') = 0 THEN coalesce((c.term_freqs ->> q.phrase)::float8, 0)
             ELSE docent_phrase_freq(c.terms, string_to_array(q.phrase, ' '), ${HEADING_WEIGHT}, ${BODY_WEIGHT}) END AS tf
         ) f
         WHERE f.tf > 0
         GROUP BY c.label
         ORDER BY score DESC, c.label
         LIMIT $7
       )
       SELECT s.score, ch.label, ch.file, ch.position, ch.title, ch.section, ch.url, ch.text, ch.blocks
       FROM s JOIN docent_chunks ch ON ch.index_id = $1 AND ch.label = s.label
       ORDER BY s.score DESC, s.label`,
      [indexId, generation, any, phrases.map((p) => p.join(" ")), idfs, avgLength, limit],
    );
    remember(found);
    return found.map((r) => ({ label: Number(r.label), score: Number(r.score) }));
  };

  const searchLabels = async (query: number[], k: number) => {
    if (query.length !== dimension || k <= 0) return [];
    const cast = `vector(${dimension})`;
    const { rows: found } = await denseQuery<ChunkSqlRow & { similarity: number }>(
      pool,
      `SELECT 1 - (embedding::${cast} <=> $2::${cast}) AS similarity, label, file, position, title, section, url, text, blocks
       FROM docent_chunks
       WHERE index_id = ${indexId} AND vector_dims(embedding) = ${dimension} AND ${visibleAt("$1")}
       ORDER BY embedding::${cast} <=> $2::${cast}
       LIMIT $3`,
      [generation, `[${query.join(",")}]`, k],
    );
    remember(found);
    return found.map((r) => ({ label: Number(r.label), similarity: Number(r.similarity) }));
  };

  const chunk = async (label: number): Promise<ChunkRow | undefined> => {
    const cached = chunkCache.get(label);
    if (cached) return cached;
    const { rows: found } = await pool.query<ChunkSqlRow>(
      "SELECT label, file, position, title, section, url, text, blocks FROM docent_chunks WHERE index_id = $1 AND label = $2",
      [indexId, label],
    );
    remember(found);
    return chunkCache.get(label);
  };

  // A whole document in order, for the chat tasks (summarize; latest's first sentence when there is no
  // description). Not cached: a task reads a document once.
  const chunksOf = async (file: string): Promise<ChunkRow[]> => {
    const { rows: found } = await pool.query<ChunkSqlRow>(
      `SELECT label, file, position, title, section, url, text, blocks FROM docent_chunks
       WHERE index_id = $1 AND file = $3 AND ${visibleAt("$2")} ORDER BY position`,
      [indexId, generation, file],
    );
    return found.map(toChunk);
  };

  return {
    generation: generationName(generation),
    meta: { embedder: row.embedder, liveCount: row.chunkCount, documentCount: row.documentCount },
    chunks: {
      documents: () => documents.map((d) => ({ ...d })),
      chunksOf,
      chunkCount: () => row.chunkCount,
      docFrequency(term) {
        const known = frequencies.get(term);
        if (known !== undefined) return known;
        missing.add(term);
        // Provisionally absent: question analysis then looks at every alternative (a present term would
        // stop it early), so most questions need one more round, a few (multi-word synonyms) two or three.
        return 0;
      },
      takeMissingFrequencies() {
        const taken = [...missing];
        missing = new Set();
        return taken;
      },
      loadFrequencies,
      keywordSearch,
      chunk,
    },
    store: { searchLabels },
    close() {},
  };
}

interface ChunkSqlRow {
  label: string;
  file: string;
  position: number;
  title: string;
  section: string;
  url: string | null;
  text: string;
  blocks: ChunkBlock[] | null;
}

function toChunk(r: ChunkSqlRow): ChunkRow {
  const chunk: ChunkRow = { label: Number(r.label), file: r.file, position: r.position, title: r.title, section: r.section, url: r.url ?? undefined, text: r.text };
  if (r.blocks) chunk.blocks = r.blocks;
  return chunk;
}

/** Docent's index source for DATABASE_URL: one pool for the process, LISTEN for new generations. */
export async function postgresIndexSource(database: DatabaseConfig, embedder: Embedder): Promise<IndexSource> {
  const log = createLogger("index");
  const pool = await openServingPool(database, log);
  const name = database.index;
  const missing = () =>
    new AppError("index_missing", `index: no index "${name}" in the database ${describeDatabase(database.url)} yet; run "npm run ingest" to build it`);
  let stopListening: (() => void) | undefined;
  return {
    async open() {
      const index = await readIndexRow(pool, name);
      if (!index || index.live === null) throw missing();
      const row = await readGeneration(pool, index.id, index.live);
      const mismatch = embedderMismatch(name, row.embedder, embedder);
      if (mismatch) throw mismatch;
      return openPostgresGeneration(pool, name, row);
    },
    async liveGeneration() {
      const index = await readIndexRow(pool, name);
      return index?.live == null ? undefined : generationName(index.live);
    },
    watch(onChange) {
      const listening = listenForGenerations(database.url, name, onChange, log);
      stopListening = listening.stop;
      return listening.stop;
    },
    async close() {
      stopListening?.();
      await pool.end();
    },
  };
}

/**
 * LISTENs on a connection of its own for the generations ingest publishes to index `name`, reconnecting when the
 * connection is lost; calls `onChange` for each, and once after every (re)connect (a publish may have been missed).
 */
export function listenForGenerations(url: string, name: string, onChange: () => void, log: Logger): { ready: Promise<void>; stop: () => void } {
  let stopped = false;
  let listener: pg.Client | undefined;
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: "docent-listen" });
    client.on("notification", (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload === name) onChange();
    });
    client.on("error", (error) => {
      if (stopped) return;
      log.warn({ err: error }, "index: lost the LISTEN connection; reconnecting (new generations are also checked periodically)");
      void client.end().catch(() => {});
      setTimeout(() => void connect().catch(() => {}), 1_000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (stopped) {
      await client.end();
      return;
    }
    listener = client;
    onChange();
  };
  const ready = connect().catch((error: unknown) => {
    log.warn({ err: error }, "index: cannot LISTEN for new generations; checking periodically instead");
  });
  return {
    ready,
    stop: () => {
      stopped = true;
      void listener?.end().catch(() => {});
    },
  };
}
