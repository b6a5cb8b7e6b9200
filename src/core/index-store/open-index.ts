// Opens the live index generation for answering: reads its meta, checks it was built by the configured
// embedder, loads the HNSW graph into memory and opens the chunk database read-only.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../errors.js";
import type { Embedder } from "../embeddings/create-embeddings.js";
import { ChunkDb } from "./chunk-db.js";
import { currentGeneration } from "./generations.js";
import { HnswChunkStore } from "./hnsw-chunk-store.js";
import { assertSameEmbedder, readIndexMeta, type IndexMeta } from "./index-meta.js";

export const CHUNKS_FILE = "chunks.sqlite";
export const VECTORS_FILE = "vectors.hnsw";

export interface LoadedIndex {
  generation: string;
  meta: IndexMeta;
  store: HnswChunkStore;
  chunks: ChunkDb;
  close(): void;
}

export function openIndex(indexDir: string, embedder: Embedder): LoadedIndex {
  const generation = currentGeneration(indexDir);
  if (!generation)
    throw new AppError("index_missing", `index: no index in ${indexDir}; run "npm run ingest" to build it`);
  const dir = join(indexDir, generation);
  const meta = readIndexMeta(dir);
  assertSameEmbedder(meta, embedder, indexDir);
  if (!existsSync(join(dir, CHUNKS_FILE)) || !existsSync(join(dir, VECTORS_FILE)))
    throw new AppError("index_corrupt", `index: ${dir} is incomplete; run "npm run ingest -- --full"`);
  const chunks = new ChunkDb(join(dir, CHUNKS_FILE), { readonly: true });
  try {
    const store = HnswChunkStore.load(join(dir, VECTORS_FILE), embedder.embeddings, chunks, {
      dimension: meta.embedder.dimension,
      nextLabel: meta.nextLabel,
      deletedCount: meta.deletedCount,
    });
    return { generation, meta, store, chunks, close: () => chunks.close() };
  } catch (error) {
    chunks.close();
    throw new AppError("index_corrupt", `index: cannot load ${dir} (${String(error)}); run "npm run ingest -- --full"`, { cause: error });
  }
}
