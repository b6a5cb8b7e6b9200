// Chooses where Docent's index lives: files under INDEX_DIR (default), or Postgres when DATABASE_URL is set.
import type { DatabaseConfig } from "../../config.js";
import type { Embedder } from "../embeddings/create-embeddings.js";
import { currentGeneration } from "./generations.js";
import { openIndex } from "./open-index.js";
import type { IndexSource } from "./search-index.js";

/** Where the index lives: files under INDEX_DIR, or the named index in Postgres when DATABASE_URL is set. */
export interface IndexLocation {
  indexDir: string;
  database?: DatabaseConfig;
}

export async function openIndexSource(config: IndexLocation, embedder: Embedder): Promise<IndexSource> {
  if (config.database) {
    const { postgresIndexSource } = await import("./postgres/postgres-index.js");
    return postgresIndexSource(config.database, embedder);
  }
  return {
    open: async () => openIndex(config.indexDir, embedder),
    liveGeneration: async () => currentGeneration(config.indexDir),
  };
}
