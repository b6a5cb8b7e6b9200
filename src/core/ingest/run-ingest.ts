// Incremental ingest: compares the knowledge directory with the live index's manifest (a content hash per
// document), embeds only new and changed documents, removes deleted ones, and publishes the result as a new
// index generation in one atomic step. Files that cannot be used are reported with their reason and skipped.
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Document } from "@langchain/core/documents";
import { AppError } from "../../errors.js";
import { createLogger } from "../../logger.js";
import type { Embedder } from "../embeddings/create-embeddings.js";
import { ChunkDb } from "../index-store/chunk-db.js";
import { CHUNKS_FILE, checkFileSizes, loadHnsw, measureFiles, openChunkDb, VECTORS_FILE } from "../index-store/check-generation.js";
import { acquireIngestLock, beginGeneration, currentGeneration, currentGenerationIfValid, removeLeftovers } from "../index-store/generations.js";
import { embeddingText, HnswChunkStore } from "../index-store/hnsw-chunk-store.js";
import type { IndexLocation } from "../index-store/index-source.js";
import { assertSameEmbedder, INDEX_FORMAT_VERSION, readIndexMeta, writeIndexMeta, type IndexMeta } from "../index-store/index-meta.js";
import { chunkDocument } from "./chunk-markdown.js";
import { compareKnowledge, type KnowledgeComparison, type KnowledgeSettings } from "./compare-knowledge.js";

export interface IngestProgress {
  phase: "reading" | "embedding" | "writing";
  done: number;
  total: number;
}

/** What ingest reads of the configuration: the knowledge directory and its limits, the chunk size, and where the index lives. */
export interface IngestSettings extends IndexLocation {
  knowledgeDir: string;
  ingest: KnowledgeSettings["ingest"] & { chunkMaxChars: number };
}

export interface IngestOptions {
  /** Rebuild from scratch (needed after changing the embedder). */
  full?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestSummary {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  failed: { file: string; reason: string }[];
  /** Symlinks in the knowledge directory that were not followed, with the reason (not failures). */
  skipped: { file: string; reason: string }[];
  /** Chunks embedded in this run. */
  embeddedChunks: number;
  /** Chunks in the live index after this run. */
  totalChunks: number;
  documents: number;
  seconds: number;
  /** The generation published by this run; undefined when nothing changed. */
  generation?: string;
  compacted: boolean;
}

const EMBED_BATCH = 64;

export async function ingestKnowledge(config: IngestSettings, embedder: Embedder, options: IngestOptions = {}): Promise<IngestSummary> {
  if (config.database) {
    // DATABASE_URL: the index lives in Postgres (index-store/postgres/).
    const { ingestToPostgres } = await import("../index-store/postgres/postgres-ingest.js");
    return ingestToPostgres(config, embedder, options);
  }
  const started = performance.now();
  const release = await acquireIngestLock(config.indexDir);
  try {
    // Any run, even one that changes nothing, clears what killed runs left behind.
    const removed = removeLeftovers(config.indexDir);
    if (removed.length > 0) createLogger("ingest").info({ indexDir: config.indexDir, removed }, "removed leftovers of earlier runs");
    return await ingestLocked(config, embedder, options, started);
  } finally {
    release();
  }
}

/** The live generation ingest builds on, checked whole: its manifest and meta. A full rebuild needs neither. */
interface LiveIndex {
  name?: string;
  /** What the new generation records as its predecessor (see removeLeftovers). */
  previous?: string | null;
  dir?: string;
  meta?: IndexMeta;
  known: Map<string, string>;
}

function readLive(config: IngestSettings, embedder: Embedder, full: boolean): LiveIndex {
  // A full rebuild must work whatever state the live index is in (its own error messages tell users to run it).
  if (full) {
    const name = currentGenerationIfValid(config.indexDir);
    // A damaged pointer names no predecessor: then the newest older generation is kept for readers (generations.ts).
    return { name, previous: name ?? (hasPointer(config.indexDir) ? undefined : null), known: new Map() };
  }
  const name = currentGeneration(config.indexDir);
  if (name === undefined) return { previous: null, known: new Map() };
  const dir = join(config.indexDir, name);
  const meta = readIndexMeta(dir);
  assertSameEmbedder(meta, embedder, config.indexDir);
  checkFileSizes(dir, meta);
  const db = openChunkDb(join(dir, CHUNKS_FILE), { readonly: true, quickCheck: true });
  let known: Map<string, string>;
  try {
    known = new Map(db.documents().map((d) => [d.file, d.hash]));
  } finally {
    db.close();
  }
  // Indexes published before file sizes were recorded: only loading the graph tells whether it is whole.
  if (meta.fileSizes?.[VECTORS_FILE] === undefined) loadHnsw(join(dir, VECTORS_FILE), meta.embedder.dimension);
  return { name, previous: name, dir, meta, known };
}

/** First-seen times from the live generation, for a full rebuild; whatever cannot be read counts as unseen. */
function firstSeenOfLive(indexDir: string): Map<string, string> {
  const name = currentGenerationIfValid(indexDir);
  if (!name) return new Map();
  let db: ChunkDb | undefined;
  try {
    db = openChunkDb(join(indexDir, name, CHUNKS_FILE), { readonly: true });
    return new Map(db.documents().map((d) => [d.file, d.firstSeen]));
  } catch {
    return new Map();
  } finally {
    db?.close();
  }
}

/** Reads and chunks the knowledge folder against what an index holds (file → hash), and starts the run's
 * summary from the comparison (and says the chunk size it used); `totals` are the index's figures until the
 * run changes them. Shared by the file store's and the Postgres store's ingest. */
export async function readKnowledge(
  config: IngestSettings,
  embedder: Embedder,
  known: Map<string, string>,
  progress: (event: IngestProgress) => void,
  totals: { totalChunks: number; documents: number },
): Promise<{ compared: KnowledgeComparison; summary: IngestSummary; maxChars: number }> {
  const maxChars = Math.min(config.ingest.chunkMaxChars, embedder.maxInputChars);
  const compared = await compareKnowledge(config, known, {
    chunk: (doc) => chunkDocument(doc, maxChars),
    onProgress: (done, total) => progress({ phase: "reading", done, total }),
  });
  const summary: IngestSummary = {
    added: compared.added,
    changed: compared.changed,
    removed: compared.removed,
    unchanged: compared.unchanged,
    failed: compared.failed,
    skipped: compared.skipped,
    embeddedChunks: 0,
    ...totals,
    seconds: 0,
    compacted: false,
  };
  return { compared, summary, maxChars };
}

/** A front-matter date as YYYY-MM-DD, or undefined when it is not a calendar date. */
export function calendarDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  // "March 5, 2024" and the like parse as local midnight: read the calendar day back in local time too.
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return `${parsed.getFullYear()}-${String(parsed.getMonth() + 1).padStart(2, "0")}-${String(parsed.getDate()).padStart(2, "0")}`;
}

function hasPointer(indexDir: string): boolean {
  return existsSync(join(indexDir, "CURRENT"));
}

async function ingestLocked(config: IngestSettings, embedder: Embedder, options: IngestOptions, started: number): Promise<IngestSummary> {
  const progress = options.onProgress ?? (() => {});
  const live = readLive(config, embedder, Boolean(options.full));
  // What the new generation builds on: the live one, unless this is a full rebuild (or there is none yet).
  const base = options.full || !live.dir ? undefined : { dir: live.dir, meta: live.meta! };

  const { compared, summary, maxChars } = await readKnowledge(config, embedder, live.known, progress, { totalChunks: 0, documents: 0 });

  if (base && compared.toIndex.length === 0 && compared.removed.length === 0) {
    summary.documents = live.known.size;
    summary.totalChunks = base.meta.liveCount;
  } else {
    // The new generation is written beside the live one, then published in one atomic step (or removed).
    const generation = await beginGeneration(config.indexDir);
    try {
      Object.assign(summary, await writeGeneration(generation.dir, { embedder, base, indexDir: config.indexDir, previous: live.previous, compared, maxChars, progress }));
      generation.commit();
      progress({ phase: "writing", done: 1, total: 1 });
    } catch (error) {
      generation.abort();
      if (error instanceof AppError || generation.committed) throw error;
      throw new AppError("ingest_failed", `ingest: could not build the index in ${config.indexDir}: ${String(error)}`, { cause: error });
    }
    summary.generation = generation.name;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** What a new generation is written from. */
interface GenerationInput {
  embedder: Embedder;
  /** The live generation it builds on; undefined to build from scratch. */
  base?: { dir: string; meta: IndexMeta };
  /** The index directory, where a build from scratch finds the live generation's first-seen times. */
  indexDir: string;
  /** Recorded in meta.json as the predecessor (see removeLeftovers). */
  previous: string | null | undefined;
  compared: Pick<KnowledgeComparison, "toIndex" | "removed" | "changed">;
  maxChars: number;
  progress: (progress: IngestProgress) => void;
}

type WrittenCounts = Pick<IngestSummary, "embeddedChunks" | "totalChunks" | "documents" | "compacted">;

/** Writes a whole generation into `dir`: the base's chunks and vectors without the removed and changed
 * documents, the new and changed documents embedded, and meta.json. */
async function writeGeneration(dir: string, input: GenerationInput): Promise<WrittenCounts> {
  const { embedder, base, compared, progress } = input;
  if (base) copyFileSync(join(base.dir, CHUNKS_FILE), join(dir, CHUNKS_FILE));
  const db = new ChunkDb(join(dir, CHUNKS_FILE));
  const state = { dimension: embedder.dimension, nextLabel: base ? base.meta.nextLabel : 0, deletedCount: base ? base.meta.deletedCount : 0 };
  let written: WrittenCounts;
  try {
    const store = base ? HnswChunkStore.load(join(base.dir, VECTORS_FILE), embedder.embeddings, db, state) : new HnswChunkStore(embedder.embeddings, db, state);
    // When the index first saw each document: an edited document's row is removed and written anew, and a
    // full rebuild starts from nothing, yet "first seen" must survive both (it dates documents without one).
    const firstSeen = base ? new Map(db.documents().map((d) => [d.file, d.firstSeen])) : firstSeenOfLive(input.indexDir);
    await store.delete({ files: [...compared.removed, ...compared.changed] });
    const embeddedChunks = await embedDocuments(compared.toIndex, { embedder, store, db, firstSeen, progress });

    progress({ phase: "writing", done: 0, total: 1 });
    const compacted = store.compactIfNeeded();
    store.save(join(dir, VECTORS_FILE));
    written = { embeddedChunks, compacted, documents: db.documents().length, totalChunks: db.chunkCount() };
  } finally {
    db.close();
  }
  writeIndexMeta(dir, {
    formatVersion: INDEX_FORMAT_VERSION,
    embedder: { id: embedder.id, dimension: embedder.dimension, kind: embedder.kind },
    chunkMaxChars: input.maxChars,
    nextLabel: state.nextLabel,
    deletedCount: state.deletedCount,
    liveCount: written.totalChunks,
    documentCount: written.documents,
    builtAt: new Date().toISOString(),
    previousGeneration: input.previous,
    fileSizes: measureFiles(dir),
  });
  return written;
}

/** Embeds the new and changed documents' chunks in batches into the store and records each document; returns the chunks embedded. */
async function embedDocuments(
  toIndex: KnowledgeComparison["toIndex"],
  into: { embedder: Embedder; store: HnswChunkStore; db: ChunkDb; firstSeen: Map<string, string>; progress: (progress: IngestProgress) => void },
): Promise<number> {
  const { embedder, store, db, firstSeen, progress } = into;
  const total = toIndex.reduce((n, t) => n + t.chunks.length, 0);
  let embedded = 0;
  progress({ phase: "embedding", done: 0, total });
  for (const { doc, hash, chunks } of toIndex) {
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      const batch = chunks.slice(i, i + EMBED_BATCH);
      const vectors = await embedder.embeddings.embedDocuments(batch.map((c) => embeddingText(c, c.text)));
      await store.addVectors(vectors, batch.map((c) => new Document({ pageContent: c.text, metadata: c })));
      embedded += batch.length;
      progress({ phase: "embedding", done: embedded, total });
    }
    db.upsertDocument({
      file: doc.file,
      hash,
      title: doc.title,
      url: doc.url,
      chunkCount: chunks.length,
      date: calendarDate(doc.date),
      description: doc.description,
      firstSeen: firstSeen.get(doc.file),
    });
  }
  return embedded;
}
