// Cheap checks that an index generation's files are whole, so damage is reported as one line naming the file
// and the fix instead of a SQLite or hnswlib stack: the files exist, their sizes match what meta.json
// recorded at publish, the chunk database opens (and, for ingest, passes PRAGMA quick_check), and the HNSW
// graph loads when there is no recorded size to compare.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { AppError } from "../../errors.js";
import { ChunkDb } from "./chunk-db.js";
import type { IndexMeta } from "./index-meta.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export const CHUNKS_FILE = "chunks.sqlite";
export const VECTORS_FILE = "vectors.hnsw";
export const DATA_FILES = [CHUNKS_FILE, VECTORS_FILE] as const;
export const REBUILD_HINT = 'run "npm run ingest -- --full" to rebuild the index';

export function damaged(file: string, what: string, cause?: unknown): AppError {
  return new AppError("index_corrupt", `index: ${file} is damaged (${what}); ${REBUILD_HINT}`, { cause });
}

/** Sizes of the data files, for meta.json. */
export function measureFiles(genDir: string): Record<string, number> {
  return Object.fromEntries(DATA_FILES.map((f) => [f, statSync(join(genDir, f)).size]));
}

/** Both data files exist and have the sizes recorded at publish (indexes from before sizes were recorded pass). */
export function checkFileSizes(genDir: string, meta: IndexMeta): void {
  for (const file of DATA_FILES) {
    const path = join(genDir, file);
    if (!existsSync(path)) throw damaged(path, "the file is missing");
    const expected = meta.fileSizes?.[file];
    const actual = statSync(path).size;
    if (expected !== undefined && actual !== expected)
      throw damaged(path, `${actual} bytes, but ${expected} were written${actual < expected ? ": truncated" : ""}`);
  }
}

/** Opens a generation's chunk database; a file SQLite cannot read is reported as damaged. */
export function openChunkDb(path: string, options: { readonly?: boolean; quickCheck?: boolean } = {}): ChunkDb {
  let db: ChunkDb | undefined;
  try {
    db = new ChunkDb(path, { readonly: options.readonly });
    if (options.quickCheck) {
      const result = db.db.pragma("quick_check", { simple: true });
      if (result !== "ok") throw new Error(`quick_check: ${String(result)}`);
    }
    return db;
  } catch (error) {
    db?.close();
    throw damaged(path, error instanceof Error ? error.message : String(error), error);
  }
}

/** Loads an HNSW graph file; a file hnswlib cannot read is reported as damaged. */
export function loadHnsw(path: string, dimension: number): Hnsw {
  const index = new HierarchicalNSW("cosine", dimension);
  try {
    index.readIndexSync(path, true);
  } catch (error) {
    throw damaged(path, error instanceof Error ? error.message : String(error), error);
  }
  return index;
}

/** What ingest checks before building on the live generation. */
export function checkGenerationForIngest(genDir: string, meta: IndexMeta): void {
  checkFileSizes(genDir, meta);
  openChunkDb(join(genDir, CHUNKS_FILE), { readonly: true, quickCheck: true }).close();
  // Without recorded sizes, only loading the graph tells whether it is whole.
  if (meta.fileSizes?.[VECTORS_FILE] === undefined) loadHnsw(join(genDir, VECTORS_FILE), meta.embedder.dimension);
}
