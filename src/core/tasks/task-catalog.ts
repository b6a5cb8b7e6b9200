// What the chat tasks read from the served index besides what retrieval needs: the document manifest with
// dates and descriptions, and one document's chunks in order. Both stores have them: the SQLite one
// (chunk-db.ts) synchronously, the Postgres one (postgres/postgres-index.ts) reads a document's chunks over
// the network, so callers await them. A store that lacks them cannot serve latest/summarize, and says so
// instead of failing on an undefined.
import { AppError } from "../../errors.js";
import type { ChunkRow, DocumentRow } from "../index-store/chunk-db.js";
import type { IndexView } from "../docent.js";

type Awaitable<T> = T | Promise<T>;

export interface TaskCatalog {
  documents(): Awaitable<DocumentRow[]>;
  chunksOf(file: string): Awaitable<ChunkRow[]>;
}

export function catalogOf(view: IndexView): TaskCatalog {
  const chunks = view.index.chunks as unknown as Partial<TaskCatalog>;
  if (typeof chunks.documents !== "function" || typeof chunks.chunksOf !== "function")
    throw new AppError("index_mismatch", "tasks: this index store does not list documents with their dates and chunks, which latest and summarize need");
  return chunks as TaskCatalog;
}
