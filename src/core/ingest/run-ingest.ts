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
import {
  acquireIngestLock,
  commitGeneration,
  currentGeneration,
  currentGenerationIfValid,
  discardGeneration,
  removeLeftovers,
  startGeneration,
} from "../index-store/generations.js";
import { embeddingText, HnswChunkStore } from "../index-store/hnsw-chunk-store.js";
import type { IndexLocation } from "../index-store/index-source.js";
import { assertSameEmbedder, INDEX_FORMAT_VERSION, readIndexMeta, writeIndexMeta, type IndexMeta } from "../index-store/index-meta.js";
import { chunkDocument } from "./chunk-markdown.js";
import { compareKnowledge, type KnowledgeSettings } from "./compare-knowledge.js";

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
  const { previous, dir: liveDir, meta: liveMeta, known } = readLive(config, embedder, Boolean(options.full));
  const fromScratch = options.full || !liveDir;

  const maxChars = Math.min(config.ingest.chunkMaxChars, embedder.maxInputChars);
  const compared = await compareKnowledge(config, known, {
    chunk: (doc) => chunkDocument(doc, maxChars),
    onProgress: (done, total) => progress({ phase: "reading", done, total }),
  });
  const { toIndex } = compared;
  const summary: IngestSummary = {
    added: compared.added,
    changed: compared.changed,
    removed: compared.removed,
    unchanged: compared.unchanged,
    failed: compared.failed,
    skipped: compared.skipped,
    embeddedChunks: 0,
    totalChunks: 0,
    documents: 0,
    seconds: 0,
    compacted: false,
  };

  if (!fromScratch && toIndex.length === 0 && summary.removed.length === 0) {
    summary.documents = known.size;
    summary.totalChunks = liveMeta?.liveCount ?? 0;
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  }

  const generation = await startGeneration(config.indexDir);
  let db: ChunkDb | undefined;
  try {
    if (!fromScratch) copyFileSync(join(liveDir!, CHUNKS_FILE), join(generation.dir, CHUNKS_FILE));
    db = new ChunkDb(join(generation.dir, CHUNKS_FILE));
    const state = {
      dimension: embedder.dimension,
      nextLabel: fromScratch ? 0 : liveMeta!.nextLabel,
      deletedCount: fromScratch ? 0 : liveMeta!.deletedCount,
    };
    const store = fromScratch
      ? new HnswChunkStore(embedder.embeddings, db, state)
      : HnswChunkStore.load(join(liveDir!, VECTORS_FILE), embedder.embeddings, db, state);

    // When the index first saw each document: an edited document's row is removed and written anew, and a
    // full rebuild starts from nothing, yet "first seen" must survive both (it dates documents without one).
    const firstSeen = fromScratch ? firstSeenOfLive(config.indexDir) : new Map(db.documents().map((d) => [d.file, d.firstSeen]));
    await store.delete({ files: [...summary.removed, ...summary.changed] });

    const allChunks = toIndex.flatMap((t) => t.chunks);
    let embedded = 0;
    progress({ phase: "embedding", done: 0, total: allChunks.length });
    for (const { doc, hash, chunks } of toIndex) {
      for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
        const batch = chunks.slice(i, i + EMBED_BATCH);
        const vectors = await embedder.embeddings.embedDocuments(batch.map((c) => embeddingText(c, c.text)));
        await store.addVectors(vectors, batch.map((c) => new Document({ pageContent: c.text, metadata: c })));
        embedded += batch.length;
        progress({ phase: "embedding", done: embedded, total: allChunks.length });
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

    progress({ phase: "writing", done: 0, total: 1 });
    summary.compacted = store.compactIfNeeded();
    store.save(join(generation.dir, VECTORS_FILE));
    summary.documents = db.documents().length;
    summary.totalChunks = db.chunkCount();
    summary.embeddedChunks = embedded;
    db.close();
    writeIndexMeta(generation.dir, {
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: { id: embedder.id, dimension: embedder.dimension, kind: embedder.kind },
      chunkMaxChars: maxChars,
      nextLabel: state.nextLabel,
      deletedCount: state.deletedCount,
      liveCount: summary.totalChunks,
      documentCount: summary.documents,
      builtAt: new Date().toISOString(),
      previousGeneration: previous,
      fileSizes: measureFiles(generation.dir),
    });
    commitGeneration(config.indexDir, generation);
    progress({ phase: "writing", done: 1, total: 1 });
  } catch (error) {
    db?.close();
    discardGeneration(generation);
    if (error instanceof AppError) throw error;
    throw new AppError("ingest_failed", `ingest: could not build the index in ${config.indexDir}: ${String(error)}`, { cause: error });
  }
  removeLeftovers(config.indexDir);
  summary.generation = generation.name;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
