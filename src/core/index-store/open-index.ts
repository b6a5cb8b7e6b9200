// Opens the live index generation for answering: reads its meta, checks it was built by the configured
// embedder and that its files are whole, loads the HNSW graph into memory and opens the chunk database
// read-only. Damage is reported as one line naming the file and the fix (check-generation.ts).
import { join } from "node:path";
import { AppError } from "../../errors.js";
import type { Embedder } from "../embeddings/create-embeddings.js";
import type { ChunkDb } from "./chunk-db.js";
import { CHUNKS_FILE, checkFileSizes, loadHnsw, openChunkDb, VECTORS_FILE } from "./check-generation.js";
import { currentGeneration } from "./generations.js";
import { HnswChunkStore } from "./hnsw-chunk-store.js";
import { assertSameEmbedder, readIndexMeta, type IndexMeta } from "./index-meta.js";

export { CHUNKS_FILE, VECTORS_FILE } from "./check-generation.js";

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
  checkFileSizes(dir, meta);
  const chunks = openChunkDb(join(dir, CHUNKS_FILE), { readonly: true });
  try {
    const graph = loadHnsw(join(dir, VECTORS_FILE), meta.embedder.dimension);
    const store = new HnswChunkStore(embedder.embeddings, chunks, {
      dimension: meta.embedder.dimension,
      nextLabel: meta.nextLabel,
      deletedCount: meta.deletedCount,
    }, graph);
    return { generation, meta, store, chunks, close: () => chunks.close() };
  } catch (error) {
    chunks.close();
    throw error;
  }
}
