// `npm run records:copy`'s work (src/core/records/copy-records.ts): records written through the SQLite store,
// copied into Postgres (PGlite over its wire protocol) and read back through the Postgres store, give the same
// answers, votes, report figures and member hashes; a second run adds nothing; a Postgres with a key and records
// of its own is refused; a damaged file, a missing key or a failure half-way leave Postgres as it was. The
// announcement history in the same file (written through the SQLite announced store) comes over into the
// configured index: the Postgres announced store sees its channels set up and its documents announced, and an
// announcer on Postgres posts only what the file had not announced; a file without that history copies the rest.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAnnouncer, openSqliteAnnouncedStore, type AnnouncedDocument, type Announcement } from "../../../src/core/announce/index.js";
import { openPostgresAnnouncedStore } from "../../../src/core/announce/postgres-announced-store.js";
import { buildReport } from "../../../src/core/report/build-report.js";
import { copyRecordsToPostgres, type CopyOutcome } from "../../../src/core/records/copy-records.js";
import { openPostgresRecordStore } from "../../../src/core/records/postgres-record-store.js";
import { openRecordStore, type RecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { isAppError } from "../../../src/errors.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";

const logger = pino({ level: "silent" });
const answer = (grounded: boolean, file = "install.md"): Answer => ({
  answer: grounded ? "Run npm install [1]." : "I could not find that in the docs.",
  citations: grounded ? [{ n: 1, title: "Install", section: "Setup", file, score: 0.8 }] : [],
  grounded,
  timings: { retrieveMs: 3.5, answerMs: 12.25 },
});

let server: PgliteServer;
let sql: pg.Pool;
let dir: string;
let file: string;
const database = (index = "default") => ({ url: server.url, poolMax: 2, index });
const copy = (options: { batchRows?: number; from?: string; index?: string } = {}) =>
  copyRecordsToPostgres({ from: options.from ?? file, database: database(options.index), logger, batchRows: options.batchRows });

beforeAll(async () => {
  server = await startPgliteServer();
  sql = new pg.Pool({ connectionString: server.url, max: 1 });
});
afterAll(async () => {
  await sql.end();
  await server.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "docent-copy-"));
  file = join(dir, "docent.sqlite");
  // Each test starts from an empty Postgres (tables created by the first copy or store that migrates).
  const { rows } = await sql.query("SELECT to_regclass('docent_answers') IS NOT NULL AS migrated");
  if (rows[0].migrated) await sql.query("TRUNCATE docent_votes, docent_answers, docent_record_key, docent_announced_documents, docent_announce_targets");
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** A community's history on files: answers on two platforms over three days, votes (one changed, one withdrawn
 *  to the other side), written through the SQLite store as the bot writes them. */
function writeHistory(): { ids: string[] } {
  vi.useFakeTimers({ toFake: ["Date"] });
  const store = openRecordStore(file, { logger });
  const at = (iso: string) => vi.setSystemTime(new Date(iso));
  try {
    const ids: string[] = [];
    const ask = (iso: string, platform: string, userId: string, question: string, grounded: boolean, fileName?: string) => {
      at(iso);
      ids.push(store.recordAnswer({ platform, userId, channel: platform === "cli" ? undefined : "C1", question, answer: answer(grounded, fileName), latencyMs: 40 + ids.length }));
      return ids.at(-1)!;
    };
    const a = ask("2026-11-20T09:00:00.000Z", "discord", "U1", "How do I install Lumen?", true);
    const b = ask("2026-11-20T10:30:00.000Z", "slack", "U2", "Does Lumen run on Windows?", false);
    const c = ask("2026-11-21T08:00:00.000Z", "discord", "U3", "How do I configure the cache?", true, "cache.md");
    ask("2026-11-22T23:59:59.999Z", "cli", "local", "What is the licence?", false);
    at("2026-11-21T09:00:00.000Z");
    store.recordVote({ answerId: a, platform: "discord", userId: "U1", vote: "up" });
    store.recordVote({ answerId: a, platform: "discord", userId: "U2", vote: "down" });
    store.recordVote({ answerId: b, platform: "slack", userId: "U2", vote: "down" });
    at("2026-11-22T09:00:00.000Z");
    store.recordVote({ answerId: a, platform: "discord", userId: "U2", vote: "up" });
    store.recordVote({ answerId: c, platform: "discord", userId: "U1", vote: "down" });
    return { ids };
  } finally {
    store.close();
    vi.useRealTimers();
  }
}

async function snapshot(store: RecordStore) {
  const answers = await store.listAnswers();
  const votes = await store.listVotes();
  const perAnswer = await Promise.all(answers.map(async (a) => [await store.getAnswer(a.id), await store.votesFor(a.id)]));
  const report = buildReport({ answers, votes, documents: undefined, firstDay: "2026-11-20", days: 4, retentionDays: 90, generatedAt: "2026-11-23T00:00:00.000Z" });
  return { answers, votes, perAnswer, report, hash: store.hashUser("discord", "U1") };
}

async function postgresCounts() {
  const { rows } = await sql.query(
    "SELECT (SELECT count(*) FROM docent_answers)::int AS answers, (SELECT count(*) FROM docent_votes)::int AS votes, (SELECT count(*) FROM docent_record_key)::int AS keys",
  );
  return rows[0] as { answers: number; votes: number; keys: number };
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function expectRefused(promise: Promise<unknown>, code: string, text: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(text);
}

describe("records:copy from the SQLite store to Postgres", () => {
  it("copies answers, votes and the key: the Postgres store reads the same records, report figures and member hashes", async () => {
    writeHistory();
    const fromFile = openRecordStore(file, { logger });
    const expected = await snapshot(fromFile);
    fromFile.close();
    const fileHash = sha(file);

    const outcome = await copy({ batchRows: 2 });
    expect(outcome).toMatchObject({ key: "copied", answers: { read: 4, added: 4 }, votes: { read: 4, added: 4, updated: 0 } });
    // No announcer ever ran on this file: no announcement tables, no history copied.
    expect(outcome.announcements).toBeUndefined();
    expect(await announcementCounts()).toEqual({ targets: 0, documents: 0 });
    // The file is only read (the store's own open above may have checkpointed it; the copy did not change it).
    expect(sha(file)).toBe(fileHash);
    expect(readdirSync(dir).filter((n) => n.includes("corrupt"))).toEqual([]);

    const onPostgres = await openPostgresRecordStore(database(), { logger });
    try {
      const got = await snapshot(onPostgres);
      expect(got.answers).toEqual(expected.answers);
      expect(got.votes).toEqual(expected.votes);
      expect(got.perAnswer).toEqual(expected.perAnswer);
      expect(got.report).toEqual(expected.report);
      expect(got.report.totals).toMatchObject({ questions: 4, answered: 2 });
      expect(got.hash).toBe(expected.hash);
      // Linked: a member who voted on files is the same member on Postgres — a repeated press changes nothing.
      expect(await onPostgres.recordVote({ answerId: expected.answers[0]!.id, platform: "discord", userId: "U1", vote: "up" })).toEqual({ status: "unchanged" });
    } finally {
      await onPostgres.close();
    }
    // The timings the report does not show came over too.
    const { rows } = await sql.query("SELECT DISTINCT retrieve_ms, answer_ms FROM docent_answers");
    expect(rows).toEqual([{ retrieve_ms: 3.5, answer_ms: 12.25 }]);
  });

  it("a second run adds nothing; a later one brings only what is new, and a newer vote on Postgres is kept", async () => {
    const { ids } = writeHistory();
    await copy();
    const first = await postgresCounts();
    expect(await copy()).toMatchObject({ key: "same", answers: { read: 4, added: 0 }, votes: { read: 4, added: 0, updated: 0 } });
    expect(await postgresCounts()).toEqual(first);

    // Meanwhile: the bot on files records one more answer and a changed vote; on Postgres a member changes a vote later still.
    const store = openRecordStore(file, { logger });
    const late = store.recordAnswer({ platform: "slack", userId: "U9", channel: "C2", question: "Is there a changelog?", answer: answer(true), latencyMs: 5 });
    store.recordVote({ answerId: ids[1]!, platform: "slack", userId: "U2", vote: "up" });
    store.recordVote({ answerId: ids[2]!, platform: "discord", userId: "U1", vote: "up" });
    store.close();
    const onPostgres = await openPostgresRecordStore(database(), { logger });
    await new Promise((r) => setTimeout(r, 5));
    // Up, then down again: the member's latest word on Postgres is newer than the file's "up".
    await onPostgres.recordVote({ answerId: ids[2]!, platform: "discord", userId: "U1", vote: "up" });
    await onPostgres.recordVote({ answerId: ids[2]!, platform: "discord", userId: "U1", vote: "down" });
    await onPostgres.close();

    const again: CopyOutcome = await copy();
    expect(again).toMatchObject({ key: "same", answers: { read: 5, added: 1 }, votes: { read: 4, added: 0, updated: 1 } });
    const { rows } = await sql.query("SELECT answer_id, vote FROM docent_votes WHERE answer_id = ANY($1) ORDER BY answer_id", [[ids[1], ids[2]]]);
    expect(Object.fromEntries(rows.map((r) => [r.answer_id, r.vote]))).toEqual({ [ids[1]!]: "up", [ids[2]!]: "down" });
    expect((await postgresCounts()).answers).toBe(5);
    expect((await sql.query("SELECT 1 FROM docent_answers WHERE id = $1", [late])).rowCount).toBe(1);
  });

  it("refuses, copying nothing, when Postgres holds records hashed with another key", async () => {
    writeHistory();
    const onPostgres = await openPostgresRecordStore(database(), { logger });
    await onPostgres.recordAnswer({ platform: "discord", userId: "U1", question: "Asked on Postgres", answer: answer(true), latencyMs: 1 });
    await onPostgres.close();
    const keyBefore = (await sql.query("SELECT key FROM docent_record_key")).rows;

    await expectRefused(copy(), "records_copy_refused", /^records:copy: postgres:\/\/.* already holds 1 answers and 0 votes .*another key.*nothing was copied/);
    expect(await postgresCounts()).toEqual({ answers: 1, votes: 0, keys: 1 });
    expect((await sql.query("SELECT key FROM docent_record_key")).rows).toEqual(keyBefore);
  });

  it("replaces a key that no record uses yet (a replica started on Postgres before the copy)", async () => {
    writeHistory();
    await (await openPostgresRecordStore(database(), { logger })).close();
    const outcome = await copy();
    expect(outcome).toMatchObject({ key: "replaced", answers: { added: 4 } });
    const fromFile = openRecordStore(file, { logger });
    const onPostgres = await openPostgresRecordStore(database(), { logger });
    expect(onPostgres.hashUser("slack", "U2")).toBe(fromFile.hashUser("slack", "U2"));
    fromFile.close();
    await onPostgres.close();
  });

  it("reads a store that a bot still has open (rows still in its WAL), without disturbing it", async () => {
    const store = openRecordStore(file, { logger });
    try {
      const id = store.recordAnswer({ platform: "discord", userId: "U1", question: "Still running?", answer: answer(true), latencyMs: 1 });
      store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
      expect(await copy()).toMatchObject({ key: "copied", answers: { added: 1 }, votes: { added: 1 } });
      // The bot goes on writing; a second run brings the rest.
      store.recordAnswer({ platform: "discord", userId: "U2", question: "And now?", answer: answer(false), latencyMs: 1 });
      expect(await copy()).toMatchObject({ key: "same", answers: { read: 2, added: 1 }, votes: { added: 0 } });
    } finally {
      store.close();
    }
  });

  it("a failure half-way (an unreadable row) rolls everything back and says what happened", async () => {
    const { ids } = writeHistory();
    const raw = new Database(file);
    raw.prepare("UPDATE answers SET citations_json = '{' WHERE id = ?").run(ids[3]);
    raw.close();
    // Batches of one: three answers are already written in the transaction when the fourth fails.
    await expectRefused(copy({ batchRows: 1 }), "record_store_unavailable", /^records:copy: copying .*docent\.sqlite into postgres:.* failed \(.*JSON.*\); nothing was copied/);
    expect(await postgresCounts()).toEqual({ answers: 0, votes: 0, keys: 0 });

    // Postgres refusing a row (text with a NUL character, which Postgres cannot store) is rolled back the same way.
    const fix = new Database(file);
    fix.prepare("UPDATE answers SET citations_json = '[]', question = 'a' || char(0) || 'b' WHERE id = ?").run(ids[3]);
    fix.close();
    await expectRefused(copy({ batchRows: 1 }), "database_unavailable", /^records:copy: copying .* failed \(22P05: .*\); nothing was copied/);
    expect(await postgresCounts()).toEqual({ answers: 0, votes: 0, keys: 0 });
  });
});

describe("records:copy leaves Postgres as it was when it cannot start", () => {
  it("a damaged file: one line naming it, the file neither moved nor changed, nothing written", async () => {
    const garbage = randomBytes(8192);
    writeFileSync(file, garbage);
    await expectRefused(copy(), "record_store_unavailable", new RegExp(`^records:copy: ${file}: not a usable record store \\(.*not a database.*\\)`));
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(readdirSync(dir)).toEqual(["docent.sqlite"]);
    expect(await postgresEmpty()).toBe(true);
  });

  it("an empty (0-byte) file, a missing file, and a SQLite file that is not a record store", async () => {
    writeFileSync(file, "");
    await expectRefused(copy(), "record_store_unavailable", /: not a usable record store \(the file is empty \(0 bytes\)\)/);
    unlinkSync(file);
    await expectRefused(copy(), "record_store_unavailable", new RegExp(`^records:copy: ${file}: no such file`));
    const other = new Database(file);
    other.exec("CREATE TABLE chunks (id TEXT)");
    other.close();
    await expectRefused(copy(), "record_store_unavailable", /not a Docent record store \(no meta, answers, votes table\)/);
    expect(await postgresEmpty()).toBe(true);
  });

  it("a store without its key file: refused (its hashes could never be linked again), nothing written", async () => {
    writeHistory();
    unlinkSync(join(dir, "record-key"));
    await expectRefused(copy(), "record_store_unavailable", new RegExp(`^records:copy: ${join(dir, "record-key")}: no member-hash key`));
    // Another install's key file: the store's fingerprint tells them apart.
    writeFileSync(join(dir, "record-key"), `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    await expectRefused(copy(), "record_store_unavailable", /not the key this record store was written with/);
    expect(await postgresEmpty()).toBe(true);
  });

  it("Postgres unreachable: one line that says so", async () => {
    writeHistory();
    const error = await copyRecordsToPostgres({ from: file, database: { url: "postgres://docent:secret@127.0.0.1:9/docent", poolMax: 1, index: "default" }, logger }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error, "database_unavailable")).toBe(true);
    expect((error as Error).message).toMatch(/^records:copy: database: cannot connect to postgres:\/\/docent:\*\*\*@127\.0\.0\.1:9\/docent/);
    expect((error as Error).message).not.toContain("secret");
  });

  it("a file with no answers: nothing to copy, Postgres not touched", async () => {
    openRecordStore(file, { logger }).close();
    expect(await copy()).toMatchObject({ key: "untouched", answers: { read: 0 } });
    expect(await postgresEmpty()).toBe(true);
  });
});

/** No records and no key in Postgres (or not even its tables: nothing has migrated it yet). */
async function postgresEmpty(): Promise<boolean> {
  const { rows } = await sql.query("SELECT to_regclass('docent_answers') IS NOT NULL AS migrated");
  if (!rows[0].migrated) return true;
  const counts = await postgresCounts();
  const announced = await announcementCounts();
  return counts.answers + counts.votes + counts.keys + announced.targets + announced.documents === 0;
}

async function announcementCounts() {
  const { rows } = await sql.query(
    "SELECT (SELECT count(*) FROM docent_announce_targets)::int AS targets, (SELECT count(*) FROM docent_announced_documents)::int AS documents",
  );
  return rows[0] as { targets: number; documents: number };
}

const post = (n: number, url = true): AnnouncedDocument => ({ file: `posts/p${n}.md`, title: `Post ${n}`, ...(url ? { url: `https://blog.example.org/p${n}` } : {}) });
const posts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => post(from + i));

/** What the bot on files announced: two channels set up (at two times), then new posts claimed in one of them —
 *  one of them posted, one whose post failed and was given back (so it is still to announce). Written through the
 *  SQLite announced store into the record store's file, as `npm start` keeps it. */
async function writeAnnouncements(): Promise<void> {
  let now = new Date("2026-11-20T08:00:00.000Z");
  const store = openSqliteAnnouncedStore(file, { logger, now: () => now });
  try {
    expect(await store.prime("discord:C1", [...posts(1, 3), post(7, false)])).toBe(true);
    now = new Date("2026-11-21T08:00:00.000Z");
    expect(await store.prime("slack:C2", posts(1, 2))).toBe(true);
    now = new Date("2026-11-22T08:00:00.000Z");
    expect(await store.claim("discord:C1", posts(4, 5))).toEqual(posts(4, 5));
    await store.release("discord:C1", [post(5)]);
  } finally {
    await store.close();
  }
}

describe("records:copy brings the announcement history over", () => {
  it("into the configured index: channels set up, documents announced (by file and by url), times kept; an announcer on Postgres posts only what is new", async () => {
    writeHistory();
    await writeAnnouncements();
    const outcome = await copy({ batchRows: 2 });
    expect(outcome).toMatchObject({
      key: "copied",
      answers: { added: 4 },
      announcements: { index: "default", targets: { read: 2, added: 2 }, documents: { read: 7, added: 7 } },
    });

    const store = await openPostgresAnnouncedStore(database(), { logger });
    try {
      expect(await store.isPrimed("discord:C1")).toBe(true);
      expect(await store.isPrimed("slack:C2")).toBe(true);
      expect(await store.isPrimed("slack:C3")).toBe(false);
      // Post 5's post failed on files (its claim given back): still new. Post 4 renamed on disk: not news.
      const renamed = { ...post(4), file: "posts/p4-renamed.md" };
      expect(await store.unannounced("discord:C1", [...posts(1, 6), post(7, false), renamed])).toEqual([post(5), post(6)]);
      expect(await store.unannounced("slack:C2", posts(1, 4))).toEqual(posts(3, 4));
    } finally {
      await store.close();
    }
    // Another index's history is its own: nothing set up there.
    const other = await openPostgresAnnouncedStore(database("docs-index"), { logger });
    expect(await other.isPrimed("discord:C1")).toBe(false);
    await other.close();
    const { rows } = await sql.query("SELECT target, primed_at FROM docent_announce_targets ORDER BY target");
    expect(rows).toEqual([
      { target: "discord:C1", primed_at: new Date("2026-11-20T08:00:00.000Z") },
      { target: "slack:C2", primed_at: new Date("2026-11-21T08:00:00.000Z") },
    ]);
    const p4 = await sql.query("SELECT url, announced_at FROM docent_announced_documents WHERE index_name = 'default' AND target = 'discord:C1' AND file = 'posts/p4.md'");
    expect(p4.rows).toEqual([{ url: "https://blog.example.org/p4", announced_at: new Date("2026-11-22T08:00:00.000Z") }]);

    // The bot starting on Postgres: the channels are not set up afresh; the next run posts post 5 (pending on
    // files) and post 6 (new since), nothing of the history.
    const announced: Announcement[] = [];
    const onPostgres = await openPostgresAnnouncedStore(database(), { logger });
    try {
      const announcer = createAnnouncer({ store: onPostgres, channels: { discord: ["C1"] }, logger, listDocuments: () => posts(1, 7) });
      announcer.attach("discord", { post: async (_channel, announcement) => void announced.push(announcement) });
      await announcer.prime();
      const report = await announcer.afterReindex();
      expect(report).toMatchObject({ primed: [], failed: [], posted: [{ target: "discord:C1", documents: 2 }] });
      expect(announced.flatMap((a) => a.documents.map((d) => d.file))).toEqual(["posts/p5.md", "posts/p6.md"]);
    } finally {
      await onPostgres.close();
    }
  });

  it("a second run adds nothing; a channel a replica set up on Postgres first keeps its row and gains the file's documents", async () => {
    writeHistory();
    await writeAnnouncements();
    // A replica started on Postgres before the copy and set up discord:C1 with what it indexed then.
    const replica = await openPostgresAnnouncedStore(database(), { logger });
    await replica.prime("discord:C1", [post(1), post(8)]);
    await replica.close();
    const primedByReplica = (await sql.query("SELECT primed_at FROM docent_announce_targets WHERE target = 'discord:C1'")).rows;

    expect(await copy()).toMatchObject({ announcements: { targets: { read: 2, added: 1 }, documents: { read: 7, added: 6 } } });
    const after = await announcementCounts();
    expect(after).toEqual({ targets: 2, documents: 8 });
    expect((await sql.query("SELECT primed_at FROM docent_announce_targets WHERE target = 'discord:C1'")).rows).toEqual(primedByReplica);
    const store = await openPostgresAnnouncedStore(database(), { logger });
    expect(await store.unannounced("discord:C1", posts(1, 8))).toEqual([post(5), post(6)]);
    await store.close();

    expect(await copy()).toMatchObject({
      key: "same",
      answers: { added: 0 },
      announcements: { targets: { read: 2, added: 0 }, documents: { read: 7, added: 0 } },
    });
    expect(await announcementCounts()).toEqual(after);
  });

  it("a file with an announcement history but no answers: the history is copied, the key left alone", async () => {
    openRecordStore(file, { logger }).close();
    await writeAnnouncements();
    unlinkSync(join(dir, "record-key"));
    expect(await copy({ index: "docs-index" })).toMatchObject({
      key: "untouched",
      answers: { read: 0, added: 0 },
      announcements: { index: "docs-index", targets: { added: 2 }, documents: { added: 7 } },
    });
    expect(await postgresCounts()).toEqual({ answers: 0, votes: 0, keys: 0 });
    const { rows } = await sql.query("SELECT DISTINCT index_name FROM docent_announced_documents");
    expect(rows).toEqual([{ index_name: "docs-index" }]);
  });

  it("a failure in the history rolls the records back too", async () => {
    writeHistory();
    await writeAnnouncements();
    const raw = new Database(file);
    raw.prepare("UPDATE announce_targets SET primed_at = 'not a time' WHERE target = 'slack:C2'").run();
    raw.close();
    await expectRefused(copy(), "database_unavailable", /^records:copy: copying .* failed \(22007: .*\); nothing was copied/);
    expect(await postgresCounts()).toEqual({ answers: 0, votes: 0, keys: 0 });
    expect(await announcementCounts()).toEqual({ targets: 0, documents: 0 });
  });
});
