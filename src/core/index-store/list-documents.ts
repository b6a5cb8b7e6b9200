// Lists the documents of the live index generation from its manifest, read-only and without loading the
// vector index or an embedder: the quality report needs to know what is indexed, not to search it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ChunkDb, type DocumentRow } from "./chunk-db.js";
import { currentGeneration } from "./generations.js";
import type { IndexLocation } from "./index-source.js";
import { readLiveManifest } from "./live-manifest.js";
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
    return { generation, documents: indexedDocuments(db.documents()) };
  } finally {
    db.close();
  }
}

/**
 * The same from wherever the index lives: files under INDEX_DIR (as above), or the named index in Postgres with
 * DATABASE_URL (undefined when it has not been built there).
 */
export async function listLiveDocuments(location: IndexLocation): Promise<{ generation: string; documents: IndexedDocument[] } | undefined> {
  if (!location.database) return listIndexedDocuments(location.indexDir);
  const manifest = await readLiveManifest(location);
  return manifest && { generation: manifest.generation, documents: indexedDocuments(manifest.documents) };
}

function indexedDocuments(rows: DocumentRow[]): IndexedDocument[] {
  return rows
    .map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}), chunkCount: d.chunkCount }))
    .sort((a, b) => a.file.localeCompare(b.file));
}
