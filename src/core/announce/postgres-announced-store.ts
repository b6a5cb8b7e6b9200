// What was announced where, in Postgres (DATABASE_URL; tables from migrations/1767225600020_announcements.sql),
// shared by every replica so each new document is posted once per channel, whichever replica runs the
// announcer. As the shared state does (src/core/shared-state/postgres-shared-state.ts), every operation is ONE
// autocommit statement — no transaction spans two queries — so it behaves the same on a server (a session per
// pooled connection) and on PGlite (one session for all):
//  - claim: INSERT … SELECT the documents not yet recorded … ON CONFLICT DO NOTHING RETURNING file. The rows are
//    the claims; two replicas inserting one document at once are ordered by the unique index (the second waits
//    for the first to commit, then conflicts), so each gets a disjoint set and posts only what it got.
//  - prime: the target's row and its documents are inserted by one statement (data-modifying CTEs), the
//    documents only if the target's insert did not conflict. A replica that sees a target set up sees its
//    documents too, so it never posts the backlog while another replica is recording it.
// Histories are kept per index name (DATABASE_INDEX), as the indexes themselves are. `npm run records:copy` brings
// in the SQLite store's history through importAnnouncedTargets / importAnnouncedDocuments below.
import type { DatabaseConfig } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import { openPool, type Pool, type PoolClient } from "../db/postgres.js";
import type { AnnouncedDocumentRow, AnnouncedStore, AnnouncedTargetRow } from "./announced-store.js";
import type { AnnouncedDocument } from "./types.js";

/** A few short statements after each re-index: a small pool beside the index's. */
const ANNOUNCE_POOL_MAX = 2;

const IS_PRIMED = `SELECT 1 FROM docent_announce_targets WHERE index_name = $1 AND target = $2`;
const PRIME = `WITH t AS (
  INSERT INTO docent_announce_targets (index_name, target) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
), d AS (
  INSERT INTO docent_announced_documents (index_name, target, file, url)
  SELECT $1, $2, d.file, d.url FROM unnest($3::text[], $4::text[]) AS d (file, url) WHERE EXISTS (SELECT 1 FROM t)
  ORDER BY d.file
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS primed FROM t`;
// Not yet recorded by file, nor by url (a renamed post); the NOT EXISTS keep the insert to the few new ones.
const NEW_DOCUMENTS = `FROM unnest($3::text[], $4::text[]) AS d (file, url)
  WHERE NOT EXISTS (SELECT 1 FROM docent_announced_documents a WHERE a.index_name = $1 AND a.target = $2 AND a.file = d.file)
    AND NOT EXISTS (SELECT 1 FROM docent_announced_documents a WHERE a.index_name = $1 AND a.target = $2 AND a.url = d.url)`;
const UNANNOUNCED = `SELECT d.file ${NEW_DOCUMENTS}`;
// ON CONFLICT without a target: a row conflicting on the file (primary key) or on the url (unique index) — with
// another replica's claim or with an earlier row of this one — is skipped, not an error. Rows go in by file, so
// two replicas' claims wait for each other in one order; should they still deadlock (one post renamed between
// the generations they list), Postgres aborts one statement, and that run reports the channel failed and the
// next run claims what is left.
const CLAIM = `INSERT INTO docent_announced_documents (index_name, target, file, url)
SELECT $1, $2, d.file, d.url ${NEW_DOCUMENTS}
ORDER BY d.file
ON CONFLICT DO NOTHING
RETURNING file`;
const RELEASE = `DELETE FROM docent_announced_documents WHERE index_name = $1 AND target = $2 AND file = ANY ($3::text[])`;

// An existing history brought in (`npm run records:copy`, from the SQLite store's tables), with its times. ON
// CONFLICT without a target, as CLAIM: a target already set up, or a document already recorded by its file or by
// its url (here, or by an earlier row of the same batch), stays as it is — a second copy adds nothing.
const IMPORT_TARGETS = `INSERT INTO docent_announce_targets (index_name, target, primed_at)
SELECT $1, t.target, t.primed_at FROM unnest($2::text[], $3::timestamptz[]) AS t (target, primed_at)
ORDER BY t.target
ON CONFLICT DO NOTHING`;
const IMPORT_DOCUMENTS = `INSERT INTO docent_announced_documents (index_name, target, file, url, announced_at)
SELECT $1, d.target, d.file, d.url, d.announced_at FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS d (target, file, url, announced_at)
ORDER BY d.target, d.file
ON CONFLICT DO NOTHING`;

/** Adds `rows` to index `index`'s history unless there already; resolves to how many were added. */
export async function importAnnouncedTargets(client: Pick<PoolClient, "query">, index: string, rows: readonly AnnouncedTargetRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await client.query(IMPORT_TARGETS, [index, rows.map((r) => r.target), rows.map((r) => r.primedAt)]);
  return result.rowCount ?? 0;
}

/** Adds `rows` to index `index`'s history unless recorded already (by file, or by url); resolves to how many were added. */
export async function importAnnouncedDocuments(client: Pick<PoolClient, "query">, index: string, rows: readonly AnnouncedDocumentRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await client.query(IMPORT_DOCUMENTS, [index, rows.map((r) => r.target), rows.map((r) => r.file), rows.map((r) => r.url), rows.map((r) => r.announcedAt)]);
  return result.rowCount ?? 0;
}

export interface PostgresAnnouncedStoreOptions {
  /** The index the announcements are about (DATABASE_INDEX): each index has its own history. */
  index: string;
  /** End the pool on close (when the store opened it). */
  ownsPool?: boolean;
}

/** The announcement history on a pool whose schema is already migrated. */
export function createPostgresAnnouncedStore(pool: Pool, options: PostgresAnnouncedStoreOptions): AnnouncedStore {
  const scope = options.index;
  const params = (target: string, documents: readonly AnnouncedDocument[]) => [scope, target, documents.map((d) => d.file), documents.map((d) => d.url ?? null)];
  /** The documents whose file is in `rows`, in the order given. */
  const pick = (documents: readonly AnnouncedDocument[], rows: { file: string }[]) => {
    const files = new Set(rows.map((r) => r.file));
    return documents.filter((d) => files.has(d.file));
  };
  return {
    async isPrimed(target) {
      return ((await pool.query(IS_PRIMED, [scope, target])).rowCount ?? 0) > 0;
    },
    async prime(target, documents) {
      const { rows } = await pool.query<{ primed: number }>(PRIME, params(target, documents));
      return rows[0]!.primed === 1;
    },
    async unannounced(target, documents) {
      if (documents.length === 0) return [];
      return pick(documents, (await pool.query<{ file: string }>(UNANNOUNCED, params(target, documents))).rows);
    },
    async claim(target, documents) {
      if (documents.length === 0) return [];
      return pick(documents, (await pool.query<{ file: string }>(CLAIM, params(target, documents))).rows);
    },
    async release(target, documents) {
      if (documents.length === 0) return;
      await pool.query(RELEASE, [scope, target, documents.map((d) => d.file)]);
    },
    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
}

/** Opens the announcement history in the database of DATABASE_URL (connects and migrates, as the other stores do). */
export async function openPostgresAnnouncedStore(database: Pick<DatabaseConfig, "url" | "poolMax" | "index">, options: { logger?: Logger } = {}): Promise<AnnouncedStore> {
  const logger = options.logger ?? createLogger("announce");
  const pool = await openPool({ url: database.url, poolMax: Math.min(database.poolMax, ANNOUNCE_POOL_MAX) }, { logger });
  return createPostgresAnnouncedStore(pool, { index: database.index, ownsPool: true });
}
