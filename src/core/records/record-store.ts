// The product's store of what was asked and answered, and of members' votes on answers. Every front end
// records each answer here (its id goes into the vote buttons); the quality report reads it back. This file is
// the interface and the default store, SQLite in DATA_DIR; with DATABASE_URL the store is Postgres instead
// (postgres-record-store.ts, chosen by open-records.ts), shared by replicas.
// User ids are stored only as keyed hashes: enough to keep one vote per member, not enough to identify one.
// The key lives in its own file beside the store (record-key.ts); a damaged store is moved aside and replaced
// at open (open-database.ts). The store's reads (sqliteRecordReads) also serve `npm run records:copy`, which
// copies a store file, opened read-only, to Postgres (copy-records.ts).
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type Database from "better-sqlite3";
import { AppError } from "../../errors.js";
import { createLogger, type Logger } from "../../logger.js";
import type { Answer, Citation } from "../types.js";
import { openDatabase } from "./open-database.js";
import { loadRecordKey } from "./record-key.js";

/** The id a front end records its questions under ("discord", "slack", "cli", or any other adapter's own):
 * data, not a closed list, so a new adapter needs no change here or in the reports. */
export type Platform = string;
const PLATFORM_ID = /^[a-z][a-z0-9_-]{0,31}$/;
export type Vote = "up" | "down";

export interface AnswerRecordInput {
  platform: Platform;
  userId: string;
  /** Where it was asked (channel, thread or DM id); omitted for the CLI. */
  channel?: string;
  question: string;
  answer: Answer;
  latencyMs: number;
}

export interface StoredAnswer {
  id: string;
  platform: Platform;
  userHash: string;
  channel: string | null;
  question: string;
  answer: string;
  citations: Citation[];
  grounded: boolean;
  latencyMs: number;
  createdAt: string;
}

export interface StoredVote {
  answerId: string;
  userHash: string;
  vote: Vote;
  createdAt: string;
  updatedAt: string;
}

export interface VoteInput {
  answerId: string;
  platform: Platform;
  userId: string;
  vote: Vote;
}

/** A value, or a promise of it: the SQLite store answers at once, the Postgres one over the network. */
export type Awaitable<T> = T | Promise<T>;

/** What front ends and the report use. Await every call: which store is behind it depends on DATABASE_URL
 * (SQLite in DATA_DIR by default, Postgres with DATABASE_URL, postgres-record-store.ts). */
export interface RecordStore {
  /** Stores an answer and returns its id (a short opaque string that fits in a button's custom id). */
  recordAnswer(input: AnswerRecordInput): Awaitable<string>;
  getAnswer(id: string): Awaitable<StoredAnswer | undefined>;
  /** One vote per member per answer: a second press replaces the first. Throws answer_unknown for an unknown id. */
  recordVote(input: VoteInput): Awaitable<{ status: VoteStatus }>;
  votesFor(answerId: string): Awaitable<StoredVote[]>;
  hashUser(platform: Platform, userId: string): string;
  /** Answers asked at or after `since` (ISO time), oldest first: what the quality report reads. */
  listAnswers(options?: { since?: string }): Awaitable<StoredAnswer[]>;
  /** Current votes on the answers asked at or after `since`, oldest first. */
  listVotes(options?: { since?: string }): Awaitable<StoredVote[]>;
  /** Deletes answers older than `retentionDays` (their votes go with them) and returns how many rows went. */
  applyRetention(retentionDays: number, now?: Date): Awaitable<{ answers: number; votes: number }>;
  close(): Awaitable<void>;
}

export type VoteStatus = "added" | "changed" | "unchanged";

/** The SQLite store answers synchronously (its callers may still await it). */
export interface SqliteRecordStore extends RecordStore {
  recordAnswer(input: AnswerRecordInput): string;
  getAnswer(id: string): StoredAnswer | undefined;
  recordVote(input: VoteInput): { status: VoteStatus };
  votesFor(answerId: string): StoredVote[];
  listAnswers(options?: { since?: string }): StoredAnswer[];
  listVotes(options?: { since?: string }): StoredVote[];
  applyRetention(retentionDays: number, now?: Date): { answers: number; votes: number };
  close(): void;
}

/** Refuses a platform id that is not a short lower-case name (shared by both stores). */
export function checkPlatform(platform: string): void {
  if (!PLATFORM_ID.test(platform))
    throw new AppError("config_invalid", `records: platform id ${JSON.stringify(platform)} is not a short lower-case name such as "discord"`);
}

/** A new answer id: 64 random bits in hex, unguessable, and short enough for Discord's 100-character custom ids. */
export function newAnswerId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 16);
}

/** The keyed hash a member id is stored as (the key is the store's: record-key file, or Postgres's key table). */
export function memberHash(key: string, platform: Platform, userId: string): string {
  return createHmac("sha256", key).update(`${platform}:${userId}`).digest("hex").slice(0, 32);
}

/** The cutoff before which answers are deleted; refuses a retention shorter than a day. */
export function retentionCutoff(retentionDays: number, now: Date): string {
  if (!Number.isFinite(retentionDays) || retentionDays < 1)
    throw new AppError("config_invalid", `records: retention must be at least 1 day, not ${retentionDays}`);
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  channel TEXT,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  citations_json TEXT NOT NULL,
  grounded INTEGER NOT NULL,
  retrieve_ms REAL NOT NULL,
  answer_ms REAL NOT NULL,
  latency_ms REAL NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_created_at ON answers (created_at);
CREATE TABLE IF NOT EXISTS votes (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_hash TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);
`;

export interface RecordStoreOptions {
  /** The member-hash key's file; default `record-key` beside the store. Not used for ":memory:". */
  keyFile?: string;
  logger?: Logger;
}

export function openRecordStore(file: string, options: RecordStoreOptions = {}): SqliteRecordStore {
  const logger = options.logger ?? createLogger("records");
  const inMemory = file === ":memory:";
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file, logger);
  let key: string;
  try {
    db.exec(SCHEMA);
    key = loadRecordKey(db, inMemory ? undefined : (options.keyFile ?? join(dirname(file), "record-key")), logger);
  } catch (error) {
    db.close();
    throw error;
  }
  const hashUser = (platform: Platform, userId: string) => memberHash(key, platform, userId);

  const insertAnswer = db.prepare(
    `INSERT INTO answers (id, platform, user_hash, channel, question, answer, citations_json, grounded,
       retrieve_ms, answer_ms, latency_ms, created_at)
     VALUES (@id, @platform, @userHash, @channel, @question, @answer, @citations, @grounded,
       @retrieveMs, @answerMs, @latencyMs, @createdAt)`,
  );
  const selectAnswer = db.prepare("SELECT * FROM answers WHERE id = ?");
  const selectVote = db.prepare("SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?");
  const upsertVote = db.prepare(
    `INSERT INTO votes (answer_id, user_hash, vote, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
  );
  const selectVotes = db.prepare("SELECT * FROM votes WHERE answer_id = ? ORDER BY created_at");
  const reads = sqliteRecordReads(db);
  const countOldVotes = db.prepare("SELECT count(*) FROM votes v JOIN answers a ON a.id = v.answer_id WHERE a.created_at < ?").pluck();
  const deleteOldAnswers = db.prepare("DELETE FROM answers WHERE created_at < ?");

  const vote = db.transaction((input: VoteInput) => {
    if (!selectAnswer.get(input.answerId))
      throw new AppError("answer_unknown", `feedback: no stored answer with id ${input.answerId}`);
    const userHash = hashUser(input.platform, input.userId);
    const previous = selectVote.get(input.answerId, userHash) as { vote: Vote } | undefined;
    if (previous?.vote === input.vote) return { status: "unchanged" as const };
    const now = new Date().toISOString();
    upsertVote.run(input.answerId, userHash, input.vote, now, now);
    return { status: previous ? ("changed" as const) : ("added" as const) };
  });

  return {
    hashUser,
    recordAnswer(input) {
      checkPlatform(input.platform);
      const id = newAnswerId();
      insertAnswer.run({
        id,
        platform: input.platform,
        userHash: hashUser(input.platform, input.userId),
        channel: input.channel ?? null,
        question: input.question,
        answer: input.answer.answer,
        citations: JSON.stringify(input.answer.citations),
        grounded: input.answer.grounded ? 1 : 0,
        retrieveMs: input.answer.timings.retrieveMs,
        answerMs: input.answer.timings.answerMs,
        latencyMs: input.latencyMs,
        createdAt: new Date().toISOString(),
      });
      return id;
    },
    getAnswer(id) {
      const row = selectAnswer.get(id) as AnswerRow | undefined;
      return row && toStoredAnswer(row);
    },
    recordVote: (input) => vote(input),
    votesFor(answerId) {
      return (selectVotes.all(answerId) as VoteRow[]).map(toStoredVote);
    },
    listAnswers: (options = {}) => reads.listAnswers(options.since),
    listVotes: (options = {}) => reads.listVotes(options.since),
    applyRetention(retentionDays, now = new Date()) {
      const cutoff = retentionCutoff(retentionDays, now);
      // secure_delete overwrites the deleted rows' bytes and the checkpoint empties the WAL, so purged
      // questions do not linger in free pages of the file.
      db.pragma("secure_delete = ON");
      const removed = db.transaction(() => {
        const votes = countOldVotes.get(cutoff) as number;
        return { answers: deleteOldAnswers.run(cutoff).changes, votes };
      })();
      if (removed.answers > 0 && file !== ":memory:") db.pragma("wal_checkpoint(TRUNCATE)");
      return removed;
    },
    close: () => db.close(),
  };
}

/** An answer with the two timings the report does not read: everything a copy of the store carries over. */
export interface CopiedAnswer extends StoredAnswer {
  retrieveMs: number;
  answerMs: number;
}

/** The store's reads over an open database: the store's own handle, or records:copy's read-only one. Answers
 *  asked at or after `since` (ISO time), oldest first, and the votes on them; a vote whose answer is gone is
 *  never read (the join leaves it out). */
export function sqliteRecordReads(db: Database.Database) {
  const listAnswers = db.prepare("SELECT * FROM answers WHERE created_at >= ? ORDER BY created_at, id");
  const listVotes = db.prepare(
    `SELECT v.* FROM votes v JOIN answers a ON a.id = v.answer_id WHERE a.created_at >= ?
     ORDER BY v.created_at, v.answer_id, v.user_hash`,
  );
  const count = db.prepare(
    "SELECT (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM votes v JOIN answers a ON a.id = v.answer_id) AS votes",
  );
  return {
    /** How many answers and votes eachAnswer and eachVote read. */
    count: () => count.get() as { answers: number; votes: number },
    // ISO timestamps in UTC sort as text, so the created_at index serves the range.
    listAnswers: (since = "") => (listAnswers.all(since) as AnswerRow[]).map(toStoredAnswer),
    listVotes: (since = "") => (listVotes.all(since) as VoteRow[]).map(toStoredVote),
    /** Every answer with its timings, a row at a time, so that a copy of a large store need not fit in memory. */
    *eachAnswer(): Generator<CopiedAnswer> {
      for (const row of listAnswers.iterate("") as IterableIterator<AnswerRow>)
        yield { ...toStoredAnswer(row), retrieveMs: row.retrieve_ms, answerMs: row.answer_ms };
    },
    /** Every vote, a row at a time. */
    *eachVote(): Generator<StoredVote> {
      for (const row of listVotes.iterate("") as IterableIterator<VoteRow>) yield toStoredVote(row);
    },
  };
}

interface AnswerRow {
  id: string;
  platform: Platform;
  user_hash: string;
  channel: string | null;
  question: string;
  answer: string;
  citations_json: string;
  grounded: number;
  retrieve_ms: number;
  answer_ms: number;
  latency_ms: number;
  created_at: string;
}

interface VoteRow {
  answer_id: string;
  user_hash: string;
  vote: Vote;
  created_at: string;
  updated_at: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function toStoredVote(r: VoteRow): StoredVote {
  return { answerId: r.answer_id, userHash: r.user_hash, vote: r.vote, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toStoredAnswer(row: AnswerRow): StoredAnswer {
  return {
    id: row.id,
    platform: row.platform,
    userHash: row.user_hash,
    channel: row.channel,
    question: row.question,
    answer: row.answer,
    citations: JSON.parse(row.citations_json) as Citation[],
    grounded: row.grounded === 1,
    latencyMs: row.latency_ms,
    createdAt: row.created_at,
  };
}
