// The live generation's manifest (a row per document: file, content hash, title, URL, chunk count …) from
// wherever the index lives: files under INDEX_DIR, or the named index in Postgres with DATABASE_URL. Reads
// only — no lock, no embedder, no vector index loaded — for what needs to know what is indexed, not to
// search it (`ingest --dry-run`, the report's never-cited documents).
import { join } from "node:path";
import { CHUNKS_FILE, openChunkDb } from "./check-generation.js";
import type { DocumentRow } from "./chunk-db.js";
import { currentGeneration } from "./generations.js";
import type { IndexLocation } from "./index-source.js";

export interface LiveManifest {
  /** The live generation's name ("gen-…"). */
  generation: string;
  documents: DocumentRow[];
}

/** The live generation's documents, or undefined when no index has been built there yet. */
export async function readLiveManifest(location: IndexLocation): Promise<LiveManifest | undefined> {
  if (location.database) {
    const { readPostgresManifest } = await import("./postgres/postgres-manifest.js");
    return readPostgresManifest(location.database);
  }
  return readFileManifest(location.indexDir);
}

function readFileManifest(indexDir: string): LiveManifest | undefined {
  const generation = currentGeneration(indexDir);
  if (generation === undefined) return undefined;
  // A chunk database SQLite cannot open is reported as damaged, with the fix.
  const db = openChunkDb(join(indexDir, generation, CHUNKS_FILE), { readonly: true });
  try {
    return { generation, documents: db.documents() };
  } finally {
    db.close();
  }
}
