// The small interface between retrieval and an index store. The file store (open-index.ts: an HNSW graph and
// a SQLite FTS5 table) satisfies it as it is; the Postgres store (postgres/) implements it over the network,
// so its searches and chunk reads may be asynchronous, and it looks term frequencies up in batches: retrieval
// reads them synchronously through docFrequency, and withLoadedFrequencies repeats the (pure) computation
// until every frequency it read had been loaded. Fusion and scoring stay in retrieve.ts, shared by both.
import type { ChunkRow, DocumentRow, KeywordHit } from "./chunk-db.js";
import type { IndexMeta } from "./index-meta.js";

type Awaitable<T> = T | Promise<T>;

export interface SearchIndex {
  chunks: {
    /** Chunks in the generation. */
    chunkCount(): number;
    /** Chunks containing a stemmed term. A store with loadFrequencies answers from what it has loaded and
     * notes the terms it had not (answering them provisionally), for takeMissingFrequencies. */
    docFrequency(term: string): number;
    /** BM25 search; `match` is the FTS5 expression keyword-query.ts builds (quoted phrases joined by OR). */
    keywordSearch(match: string, limit: number): Awaitable<KeywordHit[]>;
    chunk(label: number): Awaitable<ChunkRow | undefined>;
    /** The terms docFrequency was asked for since the last call without having them loaded. */
    takeMissingFrequencies?(): string[];
    loadFrequencies?(terms: string[]): Promise<void>;
  };
  store: {
    /** Dense k-NN; similarity is cosine similarity (higher is closer). */
    searchLabels(query: number[], k: number): Awaitable<{ label: number; similarity: number }[]>;
  };
}

/** An index generation as Docent serves it. */
export interface ServedIndex extends SearchIndex {
  generation: string;
  meta: Pick<IndexMeta, "embedder" | "liveCount" | "documentCount">;
  chunks: SearchIndex["chunks"] & {
    /** The live documents with their dates and descriptions (loaded when the generation is opened). */
    documents(): DocumentRow[];
    /** A document's chunks in order (chat tasks); the Postgres store reads them over the network. */
    chunksOf(file: string): Awaitable<ChunkRow[]>;
  };
  close(): void;
}

/** Where Docent gets its index generations from: files (INDEX_DIR) or Postgres (DATABASE_URL). */
export interface IndexSource {
  /** Opens the live generation. */
  open(): Promise<ServedIndex>;
  /** Name of the live generation, to compare with the one loaded; undefined when none was published. */
  liveGeneration(): Promise<string | undefined>;
  /** Calls `onChange` when a new generation may have been published (Postgres: LISTEN); returns a stop
   * function. Without it, Docent watches the index directory. */
  watch?(onChange: () => void): () => void;
  close?(): Promise<void>;
}

const MAX_ROUNDS = 16;

/** Runs `compute` (pure, reading frequencies through docFrequency) until it read only loaded frequencies. */
export async function withLoadedFrequencies<T>(index: SearchIndex, compute: () => T): Promise<T> {
  for (let round = 1; ; round++) {
    const result = compute();
    const missing = index.chunks.takeMissingFrequencies?.() ?? [];
    if (missing.length === 0 || !index.chunks.loadFrequencies) return result;
    if (round === MAX_ROUNDS) throw new Error(`retrieval: term frequencies still missing after ${MAX_ROUNDS} rounds: ${missing.slice(0, 5).join(", ")}`);
    await index.chunks.loadFrequencies(missing);
  }
}
