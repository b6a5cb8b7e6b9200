// The record store on Postgres (DATABASE_URL): the same RecordStore as the SQLite file, shared by every replica
// that points at the database, so an answer recorded by one replica can be voted on through another and a
// member keeps one vote per answer whichever replica receives the press. Tables come from the versioned
// migrations (migrations/*_record-store.sql), applied at open by whichever process comes first.
// Member ids are stored only as keyed hashes; the key is one row of its own table (docent_record_key), apart
// from the answers and votes, created by the first process and read by all the others.
import { randomBytes } from "node:crypto";
import type { DatabaseConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import { createLogger, type Logger } from "../../logger.js";
import { describeDatabase, openPool, unavailable, type Pool } from "../db/postgres.js";
import type { Answer, Citation } from "../types.js";
import {
  checkPlatform,
  memberHash,
  newAnswerId,
  retentionCutoff,
  type AnswerRecordInput,
  type Platform,
  type RecordStore,
  type StoredAnswer,
  type StoredVote,
  type Vote,
  type VoteInput,
  type VoteStatus,
} from "./record-store.js";

/** Recording answers and votes is a few short statements: a small pool beside the index's. */
const RECORD_POOL_MAX = 4;
/** Postgres's foreign_key_violation: a vote on an answer id that is not (or no longer) stored. */
const FOREIGN_KEY_VIOLATION = "23503";

export interface PostgresRecordStore extends RecordStore {
  recordAnswer(input: AnswerRecordInput): Promise<string>;
  getAnswer(id: string): Promise<StoredAnswer | undefined>;
  recordVote(input: VoteInput): Promise<{ status: VoteStatus }>;
  votesFor(answerId: string): Promise<StoredVote[]>;
  listAnswers(options?: { since?: string }): Promise<StoredAnswer[]>;
  listVotes(options?: { since?: string }): Promise<StoredVote[]>;
  applyRetention(retentionDays: number, now?: Date): Promise<{ answers: number; votes: number }>;
  close(): Promise<void>;
}

/** Opens the record store in the database of DATABASE_URL: connects, migrates, and loads (or creates) the key. */
export async function openPostgresRecordStore(
  database: Pick<DatabaseConfig, "url" | "poolMax">,
  options: { logger?: Logger } = {},
): Promise<PostgresRecordStore> {
  const logger = options.logger ?? createLogger("records");
  const pool = await openPool({ url: database.url, poolMax: Math.min(database.poolMax, RECORD_POOL_MAX) }, { logger });
  try {
    return await postgresRecordStoreOn(pool, { logger, ownsPool: true });
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof AppError) throw error;
    throw unavailable(`cannot read the record store's key in ${describeDatabase(database.url)}`, error, "check the role's rights on docent_record_key");
  }
}

/** The record store on a pool whose schema is already migrated; `close` ends the pool only if it `ownsPool`. */
export async function postgresRecordStoreOn(pool: Pool, options: { logger?: Logger; ownsPool?: boolean } = {}): Promise<PostgresRecordStore> {
  const key = await loadKey(pool, options.logger ?? createLogger("records"));
  const hashUser = (platform: Platform, userId: string) => memberHash(key, platform, userId);

  return {
    hashUser,
    async recordAnswer(input) {
      // Checked and timed before the first await, as the SQLite store does synchronously.
      checkPlatform(input.platform);
      const id = newAnswerId();
      const createdAt = new Date().toISOString();
      const a: Answer = input.answer;
      await pool.query(
        `INSERT INTO docent_answers (id, platform, user_hash, channel, question, answer, citations, grounded,
           retrieve_ms, answer_ms, latency_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
        [
          id,
          input.platform,
          hashUser(input.platform, input.userId),
          input.channel ?? null,
          input.question,
          a.answer,
          JSON.stringify(a.citations),
          a.grounded,
          a.timings.retrieveMs,
          a.timings.answerMs,
          input.latencyMs,
          createdAt,
        ],
      );
      return id;
    },
    async getAnswer(id) {
      const { rows } = await pool.query<AnswerRow>("SELECT * FROM docent_answers WHERE id = $1", [id]);
      return rows[0] && toStoredAnswer(rows[0]);
    },
    async recordVote(input) {
      const userHash = hashUser(input.platform, input.userId);
      const now = new Date().toISOString();
      // One statement, so two replicas receiving the same member's presses at once still leave one row: the
      // primary key decides, the update happens only when the vote differs, and xmax = 0 marks a fresh insert.
      try {
        const { rows } = await pool.query<{ inserted: boolean }>(
          `INSERT INTO docent_votes (answer_id, user_hash, vote, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at
             WHERE docent_votes.vote IS DISTINCT FROM excluded.vote
           RETURNING (xmax = 0) AS inserted`,
          [input.answerId, userHash, input.vote, now],
        );
        if (rows.length === 0) return { status: "unchanged" };
        return { status: rows[0]!.inserted ? "added" : "changed" };
      } catch (error) {
        if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION)
          throw new AppError("answer_unknown", `feedback: no stored answer with id ${input.answerId}`, { cause: error });
        throw error;
      }
    },
    async votesFor(answerId) {
      const { rows } = await pool.query<VoteRow>("SELECT * FROM docent_votes WHERE answer_id = $1 ORDER BY created_at, user_hash", [answerId]);
      return rows.map(toStoredVote);
    },
    async listAnswers(options = {}) {
      const { rows } = await pool.query<AnswerRow>(
        "SELECT * FROM docent_answers WHERE $1::timestamptz IS NULL OR created_at >= $1::timestamptz ORDER BY created_at, id",
        [options.since || null],
      );
      return rows.map(toStoredAnswer);
    },
    async listVotes(options = {}) {
      const { rows } = await pool.query<VoteRow>(
        `SELECT v.* FROM docent_votes v JOIN docent_answers a ON a.id = v.answer_id
         WHERE $1::timestamptz IS NULL OR a.created_at >= $1::timestamptz
         ORDER BY v.created_at, v.answer_id, v.user_hash`,
        [options.since || null],
      );
      return rows.map(toStoredVote);
    },
    async applyRetention(retentionDays, now = new Date()) {
      const cutoff = retentionCutoff(retentionDays, now);
      // One statement: the votes counted are those the cascade deletes with their answers (every part of a
      // statement sees the same snapshot). Several replicas may purge at once; each row goes once.
      const { rows } = await pool.query<{ answers: string; votes: string }>(
        `WITH gone AS (DELETE FROM docent_answers WHERE created_at < $1::timestamptz RETURNING id)
         SELECT (SELECT count(*) FROM gone) AS answers,
                (SELECT count(*) FROM docent_votes WHERE answer_id IN (SELECT id FROM gone)) AS votes`,
        [cutoff],
      );
      return { answers: Number(rows[0]!.answers), votes: Number(rows[0]!.votes) };
    },
    close: async () => {
      if (options.ownsPool) await pool.end();
    },
  };
}

/** The installation's key: the row of docent_record_key, created by the first process that finds none. */
async function loadKey(pool: Pool, logger: Logger): Promise<string> {
  const created = await pool.query<{ key: string }>(
    "INSERT INTO docent_record_key (key) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING key",
    [randomBytes(32).toString("hex")],
  );
  if (created.rows.length > 0) {
    const { rows } = await pool.query<{ data: boolean }>("SELECT EXISTS (SELECT 1 FROM docent_answers) OR EXISTS (SELECT 1 FROM docent_votes) AS data");
    if (rows[0]?.data)
      logger.error(
        "records: the member-hash key (table docent_record_key) was missing but the record store holds hashed member ids; started a new " +
          "key, so earlier votes no longer match their members (they may vote again on old answers). Restore the row from a backup to keep them.",
      );
    return created.rows[0]!.key;
  }
  const { rows } = await pool.query<{ key: string }>("SELECT key FROM docent_record_key");
  return rows[0]!.key;
}

interface AnswerRow {
  id: string;
  platform: Platform;
  user_hash: string;
  channel: string | null;
  question: string;
  answer: string;
  citations: Citation[];
  grounded: boolean;
  latency_ms: number;
  created_at: Date;
}

interface VoteRow {
  answer_id: string;
  user_hash: string;
  vote: Vote;
  created_at: Date;
  updated_at: Date;
}

function toStoredAnswer(row: AnswerRow): StoredAnswer {
  return {
    id: row.id,
    platform: row.platform,
    userHash: row.user_hash,
    channel: row.channel,
    question: row.question,
    answer: row.answer,
    citations: row.citations,
    grounded: row.grounded,
    latencyMs: row.latency_ms,
    createdAt: row.created_at.toISOString(),
  };
}

function toStoredVote(r: VoteRow): StoredVote {
  return { answerId: r.answer_id, userHash: r.user_hash, vote: r.vote, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}
