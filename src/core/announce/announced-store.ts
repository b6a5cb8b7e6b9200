// What has been announced where, persisted so a restart never announces a document twice. One small interface
// (AnnouncedStore), asynchronous so the Postgres version (postgres-announced-store.ts, shared by replicas) fits;
// this one is a table in an SQLite file under DATA_DIR (the record store's docent.sqlite in `npm start`, opened
// through the same damage check), kept apart from the record store's own tables and code. One process uses it,
// so its claims need no more than a transaction.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { createLogger, type Logger } from "../../logger.js";
import { openDatabase } from "../records/open-database.js";
import type { AnnouncedDocument } from "./types.js";

/**
 * A target is one channel on one platform, e.g. "discord:1234" or "slack:C0123". Each target has its own
 * record, so a channel added later starts from what is indexed then instead of receiving the whole backlog.
 * A document counts as announced for a target by its file, or by its url when it has one (a renamed post is
 * not news).
 */
export interface AnnouncedStore {
  /** Whether the target has been set up (its starting documents recorded). */
  isPrimed(target: string): Promise<boolean>;
  /**
   * Unless the target is set up already: records `documents` as announced for it and marks it set up, without
   * posting anything — both at once, so whoever sees the target set up also sees its documents. Resolves to
   * whether this call set it up (false: someone else had, and what they recorded stands).
   */
  prime(target: string, documents: readonly AnnouncedDocument[]): Promise<boolean>;
  /** The documents of `documents` not yet announced for `target` (read only). */
  unannounced(target: string, documents: readonly AnnouncedDocument[]): Promise<AnnouncedDocument[]>;
  /**
   * Records as announced for `target` the documents of `documents` that are not yet, and resolves to them: the
   * caller is the one to post exactly these. Two callers claiming at once get disjoint sets.
   */
  claim(target: string, documents: readonly AnnouncedDocument[]): Promise<AnnouncedDocument[]>;
  /** Undoes a claim whose post failed (`documents` as `claim` returned them), so a later run claims them again. */
  release(target: string, documents: readonly AnnouncedDocument[]): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS announce_targets (
  target TEXT PRIMARY KEY,
  primed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS announced_documents (
  target TEXT NOT NULL,
  file TEXT NOT NULL,
  url TEXT,
  announced_at TEXT NOT NULL,
  PRIMARY KEY (target, file)
);
CREATE INDEX IF NOT EXISTS announced_documents_url ON announced_documents (target, url);
`;

/** A target as the history keeps it: set up (primed) at `primedAt` (ISO). */
export interface AnnouncedTargetRow {
  target: string;
  primedAt: string;
}

/** A document recorded as announced for a target (by file, and by url when it has one) at `announcedAt` (ISO). */
export interface AnnouncedDocumentRow {
  target: string;
  file: string;
  url: string | null;
  announcedAt: string;
}

/**
 * The announcement history of an open SQLite file, a row at a time, for `npm run records:copy` (which moves it to
 * Postgres); undefined when the file has no announcement tables (no announcer ever ran on it). Reads only: call
 * it inside the caller's read transaction to see the history of one moment.
 */
export function sqliteAnnouncedReads(db: Database.Database) {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('announce_targets', 'announced_documents')")
    .pluck()
    .all() as string[];
  if (tables.length < 2) return undefined;
  const count = db.prepare("SELECT (SELECT count(*) FROM announce_targets) AS targets, (SELECT count(*) FROM announced_documents) AS documents");
  const targets = db.prepare("SELECT target, primed_at FROM announce_targets ORDER BY target");
  const documents = db.prepare("SELECT target, file, url, announced_at FROM announced_documents ORDER BY target, file");
  return {
    /** How many rows eachTarget and eachDocument read. */
    count: () => count.get() as { targets: number; documents: number },
    *eachTarget(): Generator<AnnouncedTargetRow> {
      for (const row of targets.iterate() as IterableIterator<{ target: string; primed_at: string }>) yield { target: row.target, primedAt: row.primed_at };
    },
    *eachDocument(): Generator<AnnouncedDocumentRow> {
      for (const row of documents.iterate() as IterableIterator<{ target: string; file: string; url: string | null; announced_at: string }>)
        yield { target: row.target, file: row.file, url: row.url, announcedAt: row.announced_at };
    },
  };
}

/** Opens (or creates) the announcement table in `file`; ":memory:" for tests. */
export function openSqliteAnnouncedStore(file: string, options: { logger?: Logger; now?: () => Date } = {}): AnnouncedStore {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db: Database.Database = openDatabase(file, options.logger ?? createLogger("announce"));
  db.exec(SCHEMA);
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const primedStmt = db.prepare("SELECT 1 FROM announce_targets WHERE target = ?");
  const primeStmt = db.prepare("INSERT OR IGNORE INTO announce_targets (target, primed_at) VALUES (?, ?)");
  const byFile = db.prepare("SELECT 1 FROM announced_documents WHERE target = ? AND file = ?");
  const byUrl = db.prepare("SELECT 1 FROM announced_documents WHERE target = ? AND url = ?");
  const insert = db.prepare("INSERT OR IGNORE INTO announced_documents (target, file, url, announced_at) VALUES (?, ?, ?, ?)");
  const remove = db.prepare("DELETE FROM announced_documents WHERE target = ? AND file = ?");
  const isNew = (target: string, d: AnnouncedDocument) => byFile.get(target, d.file) === undefined && (d.url === undefined || byUrl.get(target, d.url) === undefined);

  const prime = db.transaction((target: string, documents: readonly AnnouncedDocument[]): boolean => {
    const at = now();
    if (primeStmt.run(target, at).changes === 0) return false;
    for (const d of documents) insert.run(target, d.file, d.url ?? null, at);
    return true;
  });
  // Checked one by one inside the transaction, so two documents of one claim sharing a url are one announcement
  // (as the Postgres store's unique url index makes it).
  const claim = db.transaction((target: string, documents: readonly AnnouncedDocument[]): AnnouncedDocument[] => {
    const at = now();
    return documents.filter((d) => isNew(target, d) && insert.run(target, d.file, d.url ?? null, at).changes === 1);
  });
  const release = db.transaction((target: string, documents: readonly AnnouncedDocument[]) => {
    for (const d of documents) remove.run(target, d.file);
  });

  return {
    isPrimed: async (target) => primedStmt.get(target) !== undefined,
    prime: async (target, documents) => prime(target, documents),
    unannounced: async (target, documents) => documents.filter((d) => isNew(target, d)),
    claim: async (target, documents) => claim(target, documents),
    release: async (target, documents) => void release(target, documents),
    close: async () => void db.close(),
  };
}
