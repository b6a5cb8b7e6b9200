// What has been announced where, persisted so a restart never announces a document twice. One small interface
// (AnnouncedStore) so a Postgres version can follow; this one is a table in an SQLite file under DATA_DIR
// (the record store's docent.sqlite in `npm start`, opened through the same damage check), kept apart from the
// record store's own tables and code.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { createLogger, type Logger } from "../../logger.js";
import { openDatabase } from "../records/open-database.js";
import type { AnnouncedDocument } from "./types.js";

/**
 * A target is one channel on one platform, e.g. "discord:1234" or "slack:C0123". Each target has its own
 * record, so a channel added later starts from what is indexed then instead of receiving the whole backlog.
 */
export interface AnnouncedStore {
  /** Whether the target has been set up (its starting documents recorded). */
  isPrimed(target: string): boolean;
  /** Records `documents` as announced for `target` and marks it set up, without posting anything. */
  prime(target: string, documents: readonly AnnouncedDocument[]): void;
  /** The documents of `documents` not yet announced for `target` (by file, or by url when it has one). */
  unannounced(target: string, documents: readonly AnnouncedDocument[]): AnnouncedDocument[];
  /** Records `documents` as announced for `target`. */
  markAnnounced(target: string, documents: readonly AnnouncedDocument[]): void;
  close(): void;
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
  const markAll = db.transaction((target: string, documents: readonly AnnouncedDocument[], at: string) => {
    for (const d of documents) insert.run(target, d.file, d.url ?? null, at);
  });

  return {
    isPrimed: (target) => primedStmt.get(target) !== undefined,
    prime(target, documents) {
      db.transaction(() => {
        const at = now();
        markAll(target, documents, at);
        primeStmt.run(target, at);
      })();
    },
    unannounced(target, documents) {
      return documents.filter((d) => byFile.get(target, d.file) === undefined && (d.url === undefined || byUrl.get(target, d.url) === undefined));
    },
    markAnnounced(target, documents) {
      markAll(target, documents, now());
    },
    close: () => db.close(),
  };
}
