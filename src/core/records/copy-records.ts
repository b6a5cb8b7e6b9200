// `npm run records:copy`: moves a community's history from the SQLite record store (DATA_DIR/docent.sqlite) to
// the Postgres one (DATABASE_URL) — answers, votes, and the key their member hashes were made with, so members
// keep one vote per answer across the move and the report's figures stay the same; and the announcement history
// kept in the same file (src/core/announce/announced-store.ts), into the index the configuration names
// (DATABASE_INDEX, as the announcer on Postgres uses), so channels keep what was announced to them instead of
// being set up afresh (which would record, unannounced, whatever is indexed at the first start on Postgres).
// The file is opened read-only and checked first; Postgres is migrated as at start, then written in one transaction, so a failure
// anywhere leaves it as it was. Running it again adds only what is new in the file (rows are matched by their
// keys), so it can be run once more after the last SQLite process has stopped.
import { dirname, join } from "node:path";
import type Database from "better-sqlite3";
import type { DatabaseConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { sqliteAnnouncedReads, type AnnouncedDocumentRow, type AnnouncedTargetRow } from "../announce/announced-store.js";
import { importAnnouncedDocuments, importAnnouncedTargets } from "../announce/postgres-announced-store.js";
import { describeDatabase, inTransaction, openPool, type PoolClient } from "../db/postgres.js";
import { openDatabaseReadOnly } from "./open-database.js";
import { existingRecordKey } from "./record-key.js";
import { sqliteRecordReads, type CopiedAnswer, type StoredVote } from "./record-store.js";

const WHO = "records:copy";
/** Rows per INSERT: one round trip each, a few hundred kilobytes of JSON at most. */
const BATCH_ROWS = 500;

export interface CopyRecordsOptions {
  /** The SQLite record store to copy from (DATA_DIR/docent.sqlite). */
  from: string;
  /** Its member-hash key; default `record-key` beside it, as the store keeps it. */
  keyFile?: string;
  /** Where to copy to; `index` (DATABASE_INDEX) is the index whose announcement history the file's becomes. */
  database: Pick<DatabaseConfig, "url" | "poolMax" | "index">;
  logger: Logger;
  batchRows?: number;
}

/** What the copy did. `key`: "copied" (Postgres had none), "same" (it already had the file's), "replaced" (it had
 *  another one but no records hashed with it), or "untouched" (the file held no answers). `announcements`: the
 *  announcement history copied into index `index` (channels set up, documents recorded as announced), undefined
 *  when the file has none (no announcer ever ran on it). */
export interface CopyOutcome {
  database: string;
  key: "copied" | "same" | "replaced" | "untouched";
  answers: { read: number; added: number };
  votes: { read: number; added: number; updated: number };
  announcements?: { index: string; targets: { read: number; added: number }; documents: { read: number; added: number } };
}

export async function copyRecordsToPostgres(options: CopyRecordsOptions): Promise<CopyOutcome> {
  const { from, logger } = options;
  const where = describeDatabase(options.database.url);
  // The file first: a missing or damaged one stops the copy before Postgres is touched at all.
  const db = openDatabaseReadOnly(from, WHO);
  try {
    checkIsRecordStore(db, from);
    const reads = sqliteRecordReads(db);
    const announced = sqliteAnnouncedReads(db);
    // One read transaction: answers, votes and announcements come from the same moment even if a bot still writes the file.
    db.exec("BEGIN");
    const counts = reads.count();
    const announcedCounts = announced?.count();
    const untouched: CopyOutcome = { database: where, key: "untouched", answers: { read: 0, added: 0 }, votes: { read: 0, added: 0, updated: 0 } };
    if (counts.answers === 0 && (announcedCounts?.targets ?? 0) + (announcedCounts?.documents ?? 0) === 0)
      return announced ? { ...untouched, announcements: emptyAnnouncements(options.database.index) } : untouched;
    // No answers: no member hash to keep linked, so the key is neither needed nor touched (the history alone is copied).
    const key = counts.answers > 0 ? existingRecordKey(db, options.keyFile ?? join(dirname(from), "record-key"), WHO, logger) : undefined;

    const pool = await openPool({ url: options.database.url, poolMax: 1 }, { logger }).catch((error: unknown) => {
      throw error instanceof AppError ? new AppError(error.code, `${WHO}: ${error.message}`, { cause: error }) : error;
    });
    try {
      const batchRows = options.batchRows ?? BATCH_ROWS;
      const outcome = await inTransaction(pool, async (client): Promise<CopyOutcome> => {
        let records: Omit<CopyOutcome, "announcements"> = untouched;
        if (key !== undefined) {
          const keyOutcome = await settleKey(client, key, where, from);
          const answers = await copyAnswers(client, reads.eachAnswer(), batchRows);
          const votes = await copyVotes(client, reads.eachVote(), batchRows);
          records = { database: where, key: keyOutcome, answers: { read: counts.answers, added: answers }, votes: { read: counts.votes, ...votes } };
        }
        if (!announced || !announcedCounts) return records;
        const { index } = options.database;
        const targets = await copyAnnounced(client, index, announced.eachTarget(), batchRows, importAnnouncedTargets);
        const documents = await copyAnnounced(client, index, announced.eachDocument(), batchRows, importAnnouncedDocuments);
        return {
          ...records,
          announcements: { index, targets: { read: announcedCounts.targets, added: targets }, documents: { read: announcedCounts.documents, added: documents } },
        };
      }).catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        const e = error as { code?: string; message?: string };
        // A row of the file that cannot be read (bad JSON, a SQLite error) is the file's fault, anything else Postgres's.
        const fileFault = error instanceof SyntaxError || String(e.code ?? "").startsWith("SQLITE_");
        throw new AppError(
          fileFault ? "record_store_unavailable" : "database_unavailable",
          `${WHO}: copying ${from} into ${where} failed (${[e.code, e.message?.split("\n")[0]].filter(Boolean).join(": ")}); ` +
            "nothing was copied (the transaction was rolled back).",
          { cause: error },
        );
      });
      logger.info({ from, ...outcome }, `${WHO}: copied the record store into Postgres`);
      return outcome;
    } finally {
      await pool.end().catch(() => {});
    }
  } finally {
    if (db.inTransaction) db.exec("ROLLBACK");
    db.close();
  }
}

function checkIsRecordStore(db: Database.Database, file: string): void {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const missing = ["meta", "answers", "votes"].filter((t) => !tables.has(t));
  if (missing.length > 0)
    throw new AppError(
      "record_store_unavailable",
      `${WHO}: ${file}: not a Docent record store (no ${missing.join(", ")} table). Fix: name DATA_DIR/docent.sqlite with --from.`,
    );
}

/** Makes Postgres's member-hash key the file's, or refuses. The tables are locked against other writers until
 *  the copy commits, so no replica records an answer between the check and the copy. Re-hashing is impossible
 *  (HMAC is one-way and only hashes are stored), so hashes made with two keys can never both stay linked to
 *  their members: Postgres's key may be replaced only while no answer or vote depends on it. */
async function settleKey(client: PoolClient, key: string, where: string, from: string): Promise<CopyOutcome["key"]> {
  await client.query("LOCK TABLE docent_record_key, docent_answers, docent_votes IN EXCLUSIVE MODE");
  const { rows } = await client.query<{ key: string }>("SELECT key FROM docent_record_key");
  const current = rows[0]?.key;
  if (current === key) return "same";
  if (current === undefined) {
    await client.query("INSERT INTO docent_record_key (key) VALUES ($1)", [key]);
    return "copied";
  }
  const held = await client.query<{ answers: string; votes: string }>(
    "SELECT (SELECT count(*) FROM docent_answers) AS answers, (SELECT count(*) FROM docent_votes) AS votes",
  );
  const answers = Number(held.rows[0]!.answers);
  const votes = Number(held.rows[0]!.votes);
  if (answers + votes > 0)
    throw new AppError(
      "records_copy_refused",
      `${WHO}: ${where} already holds ${answers} answers and ${votes} votes whose members were hashed with another key than ` +
        `${from}'s (table docent_record_key). Hashes cannot be re-hashed, so both sets could not stay linked to their members; ` +
        "nothing was copied. Fix: copy into a database without records (if the ones there may go: " +
        "TRUNCATE docent_votes, docent_answers; then run this again).",
    );
  await client.query("UPDATE docent_record_key SET key = $1, created_at = now()", [key]);
  return "replaced";
}

/** Inserts the answers in batches; an id already there is kept as it is (answers never change). */
async function copyAnswers(client: PoolClient, answers: Iterable<CopiedAnswer>, batchRows: number): Promise<number> {
  let added = 0;
  for (const batch of batches(answers, batchRows)) {
    const rows = batch.map((a) => ({
      id: a.id,
      platform: a.platform,
      user_hash: a.userHash,
      channel: a.channel,
      question: a.question,
      answer: a.answer,
      citations: a.citations,
      grounded: a.grounded,
      retrieve_ms: a.retrieveMs,
      answer_ms: a.answerMs,
      latency_ms: a.latencyMs,
      created_at: a.createdAt,
    }));
    const result = await client.query(
      `INSERT INTO docent_answers (id, platform, user_hash, channel, question, answer, citations, grounded,
         retrieve_ms, answer_ms, latency_ms, created_at)
       SELECT id, platform, user_hash, channel, question, answer, citations, grounded, retrieve_ms, answer_ms, latency_ms, created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, platform text, user_hash text, channel text, question text, answer text,
         citations jsonb, grounded boolean, retrieve_ms double precision, answer_ms double precision, latency_ms double precision,
         created_at timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
    added += result.rowCount ?? 0;
  }
  return added;
}

/** Inserts the votes in batches. A member's vote already in Postgres (same answer, same hash) is replaced only by a
 *  newer one from the file: a second run brings over votes changed since the first, and never undoes a vote a
 *  member changed on Postgres since. */
async function copyVotes(client: PoolClient, votes: Iterable<StoredVote>, batchRows: number): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  for (const batch of batches(votes, batchRows)) {
    const rows = batch.map((v) => ({ answer_id: v.answerId, user_hash: v.userHash, vote: v.vote, created_at: v.createdAt, updated_at: v.updatedAt }));
    const result = await client.query<{ inserted: boolean }>(
      `INSERT INTO docent_votes (answer_id, user_hash, vote, created_at, updated_at)
       SELECT answer_id, user_hash, vote, created_at, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(answer_id text, user_hash text, vote text, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at
         WHERE docent_votes.updated_at < excluded.updated_at
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(rows)],
    );
    for (const row of result.rows) row.inserted ? added++ : updated++;
  }
  return { added, updated };
}

/** Adds the announcement history's rows in batches (the SQL is the Postgres announced store's). A channel already set
 *  up on Postgres (a replica started there before the copy) keeps its row and gains the file's documents: between
 *  them, everything either side announced or recorded stays recorded, so nothing is posted twice. */
async function copyAnnounced<T extends AnnouncedTargetRow | AnnouncedDocumentRow>(
  client: PoolClient,
  index: string,
  rows: Iterable<T>,
  batchRows: number,
  insert: (client: PoolClient, index: string, rows: readonly T[]) => Promise<number>,
): Promise<number> {
  let added = 0;
  for (const batch of batches(rows, batchRows)) added += await insert(client, index, batch);
  return added;
}

function emptyAnnouncements(index: string): NonNullable<CopyOutcome["announcements"]> {
  return { index, targets: { read: 0, added: 0 }, documents: { read: 0, added: 0 } };
}

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
