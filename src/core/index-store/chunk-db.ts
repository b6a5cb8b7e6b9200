// The SQLite half of an index generation: documents (the ingest manifest, with content hashes), chunk text
// and metadata keyed by the chunk's HNSW label, and an FTS5 table for BM25 keyword search over the same rows.
import Database from "better-sqlite3";
import type { Chunk, ChunkBlock } from "../ingest/chunk-markdown.js";

export interface DocumentRow {
  file: string;
  hash: string;
  title: string;
  url: string | null;
  chunkCount: number;
  /** Front matter `date` (YYYY-MM-DD), when the document has one. */
  date: string | null;
  /** Front matter `description` (or `summary`), when the document has one. */
  description: string | null;
  /** When an index first saw the document (ISO time), kept across edits and re-indexes. */
  firstSeen: string;
}

export interface ChunkRow extends Chunk {
  label: number;
}

export interface KeywordHit {
  label: number;
  /** BM25 relevance, higher is better (FTS5's bm25() negated). */
  score: number;
}

// Distinct terms whose frequency a read-only generation keeps (a few MB at most).
const FREQUENCY_CACHE_SIZE = 100_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  file TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  chunk_count INTEGER NOT NULL,
  indexed_at TEXT NOT NULL,
  date TEXT,
  description TEXT,
  first_seen TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
  label INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  section TEXT NOT NULL,
  url TEXT,
  text TEXT NOT NULL,
  -- JSON array of the blocks the text is made of: [{"kind","start","end",...}] (see ChunkBlock)
  blocks TEXT
);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks (file);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  heading, body, content = 'chunks', content_rowid = 'label', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, heading, body) VALUES (new.label, new.title || ' ' || new.section, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, heading, body) VALUES ('delete', old.label, old.title || ' ' || old.section, old.text);
END;
`;

// Section titles say what a chunk is about in few words: a match there counts double.
const HEADING_WEIGHT = 2.0;
const BODY_WEIGHT = 1.0;

function documentColumns(db: Database.Database): Set<string> {
  return new Set((db.prepare("SELECT name FROM pragma_table_info('documents')").pluck().all() as string[]));
}

/** Brings a documents table from before document dates up to date (ingest copies the live file and builds on it). */
function addDocumentDateColumns(db: Database.Database): void {
  const columns = documentColumns(db);
  for (const name of ["date", "description", "first_seen"]) if (!columns.has(name)) db.exec(`ALTER TABLE documents ADD COLUMN ${name} TEXT`);
  if (!columns.has("first_seen")) db.exec("UPDATE documents SET first_seen = indexed_at WHERE first_seen IS NULL");
}

export class ChunkDb {
  /** Term → chunk count, for a read-only (published, immutable) generation. */
  private frequencyCache: Map<string, number> | undefined;
  readonly db: Database.Database;
  private readonly stmts;
  private upsertStatement: Database.Statement | undefined;

  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (options.readonly) this.frequencyCache = new Map();
    if (!options.readonly) {
      // A generation is written by one ingest and published only after its files are fsynced (generations.ts),
      // so per-transaction durability buys nothing here: no -wal/-journal file beside it, no fsync per write.
      this.db.pragma("journal_mode = MEMORY");
      this.db.pragma("synchronous = OFF");
      // A deleted or edited document's old text must not stay readable in the file: freed space is zeroed,
      // and FTS5 removes a deleted row's terms from its index at once instead of recording a delete marker.
      this.db.pragma("secure_delete = ON");
      this.db.exec(SCHEMA);
      this.db.exec("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('secure-delete', 1)");
      addDocumentDateColumns(this.db);
    }
    // Generations written before documents had dates lack these columns: read them as absent (first seen =
    // when the document was last indexed, the best that index knows).
    const columns = documentColumns(this.db);
    const column = (name: string, fallback: string) => (columns.has(name) ? name : fallback);
    this.stmts = {
      documents: this.db.prepare(
        `SELECT file, hash, title, url, chunk_count AS chunkCount, ${column("date", "NULL")} AS date,
           ${column("description", "NULL")} AS description, coalesce(${column("first_seen", "NULL")}, indexed_at) AS firstSeen FROM documents`,
      ),
      chunksOf: this.db.prepare("SELECT label, file, position, title, section, url, text, blocks FROM chunks WHERE file = ? ORDER BY position"),
      deleteDocument: this.db.prepare("DELETE FROM documents WHERE file = ?"),
      labelsOf: this.db.prepare("SELECT label FROM chunks WHERE file = ?").pluck(),
      deleteChunks: this.db.prepare("DELETE FROM chunks WHERE file = ?"),
      insertChunk: this.db.prepare(
        "INSERT INTO chunks (label, file, position, title, section, url, text, blocks) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      chunk: this.db.prepare("SELECT label, file, position, title, section, url, text, blocks FROM chunks WHERE label = ?"),
      chunkCount: this.db.prepare("SELECT count(*) FROM chunks").pluck(),
      labels: this.db.prepare("SELECT label FROM chunks ORDER BY label").pluck(),
      keyword: this.db.prepare(
        `SELECT rowid AS label, -bm25(chunks_fts, ${HEADING_WEIGHT}, ${BODY_WEIGHT}) AS score
         FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?`,
      ),
      docFrequency: this.db.prepare("SELECT doc FROM chunks_vocab WHERE term = ?").pluck(),
    };
  }

  documents(): DocumentRow[] {
    return this.stmts.documents.all() as DocumentRow[];
  }

  /** Removes a document's chunks and returns their labels (for the vector index to mark deleted). */
  removeDocument(file: string): number[] {
    const labels = this.stmts.labelsOf.all(file) as number[];
    this.stmts.deleteChunks.run(file);
    this.stmts.deleteDocument.run(file);
    return labels;
  }

  insertChunks(chunks: ChunkRow[]): void {
    for (const c of chunks)
      this.stmts.insertChunk.run(c.label, c.file, c.position, c.title, c.section, c.url ?? null, c.text, c.blocks ? JSON.stringify(c.blocks) : null);
  }

  /** Records a document in the manifest once all its chunks are stored. `firstSeen` carries the time an
   * earlier generation first saw it (an edited document's row is removed and written anew); default now. */
  upsertDocument(doc: { file: string; hash: string; title: string; url?: string; chunkCount: number; date?: string; description?: string; firstSeen?: string }): void {
    const now = new Date().toISOString();
    // Prepared on first use: a read-only older manifest lacks the date columns, and never writes.
    this.upsertStatement ??= this.db.prepare(
      `INSERT INTO documents (file, hash, title, url, chunk_count, indexed_at, date, description, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (file) DO UPDATE SET hash = excluded.hash, title = excluded.title, url = excluded.url,
         chunk_count = excluded.chunk_count, indexed_at = excluded.indexed_at, date = excluded.date,
         description = excluded.description, first_seen = coalesce(documents.first_seen, excluded.first_seen)`,
    );
    this.upsertStatement.run(doc.file, doc.hash, doc.title, doc.url ?? null, doc.chunkCount, now, doc.date ?? null, doc.description ?? null, doc.firstSeen ?? now);
  }

  /** A document's chunks in document order. */
  chunksOf(file: string): ChunkRow[] {
    const rows = this.stmts.chunksOf.all(file) as (Omit<ChunkRow, "url" | "blocks"> & { url: string | null; blocks: string | null })[];
    return rows.map(({ blocks, ...row }) => ({ ...row, url: row.url ?? undefined, ...(blocks ? { blocks: JSON.parse(blocks) as ChunkBlock[] } : {}) }));
  }

  chunk(label: number): ChunkRow | undefined {
    const row = this.stmts.chunk.get(label) as (Omit<ChunkRow, "url" | "blocks"> & { url: string | null; blocks: string | null }) | undefined;
    if (!row) return undefined;
    const { blocks, ...rest } = row;
    return { ...rest, url: row.url ?? undefined, ...(blocks ? { blocks: JSON.parse(blocks) as ChunkBlock[] } : {}) };
  }

  /** Every live chunk's label, ascending. */
  labels(): number[] {
    return this.stmts.labels.all() as number[];
  }

  chunkCount(): number {
    return this.stmts.chunkCount.get() as number;
  }

  /** BM25 search; `match` is an FTS5 query expression (see keyword-query.ts). */
  keywordSearch(match: string, limit: number): KeywordHit[] {
    if (match === "") return [];
    return this.stmts.keyword.all(match, limit) as KeywordHit[];
  }

  /** Number of chunks containing a stemmed term (0 when unseen). */
  docFrequency(term: string): number {
    // A published generation never changes, so its frequencies are cached: FTS5's vocabulary table takes
    // about half a millisecond per lookup at 100k chunks, and every question looks up its words' synonyms.
    const cached = this.frequencyCache?.get(term);
    if (cached !== undefined) return cached;
    const value = (this.stmts.docFrequency.get(term) as number | undefined) ?? 0;
    if (this.frequencyCache) {
      if (this.frequencyCache.size >= FREQUENCY_CACHE_SIZE) this.frequencyCache.clear();
      this.frequencyCache.set(term, value);
    }
    return value;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
