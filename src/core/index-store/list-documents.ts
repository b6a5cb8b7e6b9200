// Lists the documents of the live index generation from its manifest, read-only and without loading the
// vector index or an embedder: the quality report needs to know what is indexed, not to search it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ChunkDb } from "./chunk-db.js";
import { currentGeneration } from "./generations.js";
import { CHUNKS_FILE } from "./open-index.js";

export interface IndexedDocument {
  /** Relative to the knowledge directory, forward slashes (as citations name it). */
  file: string;
  title: string;
  url?: string;
  chunkCount: number;
}

/** The live generation's documents sorted by file, or undefined when no index has been built. */
export function listIndexedDocuments(indexDir: string): { generation: string; documents: IndexedDocument[] } | undefined {
  const generation = currentGeneration(indexDir);
  if (!generation) return undefined;
  const file = join(indexDir, generation, CHUNKS_FILE);
  if (!existsSync(file)) return undefined;
  const db = new ChunkDb(file, { readonly: true });
  try {
    const documents = db
      .documents()
      .map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}), chunkCount: d.chunkCount }))
      .sort((a, b) => a.file.localeCompare(b.file));
    return { generation, documents };
  } finally {
    db.close();
  }
}
