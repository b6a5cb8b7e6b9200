// The record store's reads for the quality report (answers and votes of a window) and its retention purge, on
// both stores (SQLite file and Postgres over PGlite's wire protocol).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openRecordStore, type RecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { recordBackends } from "../../helpers/record-backends.js";

const answer: Answer = {
  answer: "Run npm install [1].",
  citations: [{ n: 1, title: "Install", section: "", file: "install.md", score: 1 }],
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

/** Records an answer as if asked at `iso`. */
async function recordAt(store: RecordStore, iso: string, question: string, grounded = true): Promise<string> {
  vi.setSystemTime(new Date(iso));
  return await store.recordAnswer({ platform: "slack", userId: "U1", channel: "C1", question, answer: { ...answer, grounded }, latencyMs: 10 });
}

async function voteAt(store: RecordStore, iso: string, answerId: string, userId: string, vote: "up" | "down") {
  vi.setSystemTime(new Date(iso));
  await store.recordVote({ answerId, platform: "slack", userId, vote });
}

describe.each(recordBackends())("record store on %s: report queries and retention", (_name, backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  let store: RecordStore;
  beforeEach(async () => {
    store = await backend.fresh();
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  it("listAnswers returns the answers asked since a time, oldest first", async () => {
    await recordAt(store, "2025-06-03T09:00:00.000Z", "third");
    await recordAt(store, "2025-06-01T09:00:00.000Z", "first");
    await recordAt(store, "2025-06-02T09:00:00.000Z", "second", false);
    expect((await store.listAnswers()).map((a) => a.question)).toEqual(["first", "second", "third"]);
    const since = await store.listAnswers({ since: "2025-06-02T00:00:00.000Z" });
    expect(since.map((a) => [a.question, a.grounded])).toEqual([
      ["second", false],
      ["third", true],
    ]);
    expect(since[1]!.citations).toEqual(answer.citations);
  });

  it("listVotes returns the current votes on answers asked since a time", async () => {
    const old = await recordAt(store, "2025-06-01T09:00:00.000Z", "old");
    const recent = await recordAt(store, "2025-06-05T09:00:00.000Z", "recent");
    await voteAt(store, "2025-06-05T10:00:00.000Z", old, "U1", "up");
    await voteAt(store, "2025-06-05T10:00:00.000Z", recent, "U1", "up");
    await voteAt(store, "2025-06-05T11:00:00.000Z", recent, "U2", "up");
    await voteAt(store, "2025-06-06T11:00:00.000Z", recent, "U2", "down");
    const votes = await store.listVotes({ since: "2025-06-04T00:00:00.000Z" });
    expect(votes.map((v) => [v.answerId, v.vote, v.updatedAt])).toEqual([
      [recent, "up", "2025-06-05T10:00:00.000Z"],
      [recent, "down", "2025-06-06T11:00:00.000Z"],
    ]);
    expect(await store.listVotes()).toHaveLength(3);
  });

  it("applyRetention deletes answers older than the retention period, with their votes, and keeps the rest", async () => {
    const old = await recordAt(store, "2025-03-01T09:00:00.000Z", "old");
    const edge = await recordAt(store, "2025-05-02T13:00:00.000Z", "just inside 30 days");
    const recent = await recordAt(store, "2025-05-30T09:00:00.000Z", "recent");
    await voteAt(store, "2025-05-31T09:00:00.000Z", old, "U1", "down");
    await voteAt(store, "2025-05-31T09:00:00.000Z", old, "U2", "down");
    await voteAt(store, "2025-05-31T09:00:00.000Z", recent, "U1", "up");

    const removed = await store.applyRetention(30, new Date("2025-06-01T12:00:00.000Z"));
    expect(removed).toEqual({ answers: 1, votes: 2 });
    expect(await store.getAnswer(old)).toBeUndefined();
    expect(await store.votesFor(old)).toEqual([]);
    expect(await store.getAnswer(edge)).toBeDefined();
    expect(await store.votesFor(recent)).toHaveLength(1);
    expect((await store.listAnswers()).map((a) => a.id)).toEqual([edge, recent]);
    // Running it again finds nothing more to delete.
    expect(await store.applyRetention(30, new Date("2025-06-01T12:00:00.000Z"))).toEqual({ answers: 0, votes: 0 });
  });

  it("applyRetention rejects a retention shorter than a day", async () => {
    await expect(Promise.resolve().then(() => store.applyRetention(0))).rejects.toThrow(/at least 1 day/);
  });
});

describe("record store file: purged questions leave the database file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "docent-retention-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("overwrites the deleted question text in the file", async () => {
    const file = join(dir, "docent.sqlite");
    const store = openRecordStore(file);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      await recordAt(store, "2024-01-01T00:00:00.000Z", "SECRET-OLD-QUESTION-MARKER");
      await recordAt(store, "2025-06-01T00:00:00.000Z", "recent question");
    } finally {
      vi.useRealTimers();
    }
    store.applyRetention(90, new Date("2025-06-02T00:00:00.000Z"));
    store.close();
    const bytes = readFileSync(file).toString("latin1");
    expect(bytes).toContain("recent question");
    expect(bytes).not.toContain("SECRET-OLD-QUESTION-MARKER");
  });
});
