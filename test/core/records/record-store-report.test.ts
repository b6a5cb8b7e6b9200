// The record store's reads for the quality report (answers and votes of a window) and its retention purge.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openRecordStore, type RecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";

const answer: Answer = {
  answer: "Run npm install [1].",
  citations: [{ n: 1, title: "Install", section: "", file: "install.md", score: 1 }],
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

/** Records an answer as if asked at `iso`. */
function recordAt(store: RecordStore, iso: string, question: string, grounded = true): string {
  vi.setSystemTime(new Date(iso));
  return store.recordAnswer({ platform: "slack", userId: "U1", channel: "C1", question, answer: { ...answer, grounded }, latencyMs: 10 });
}

function voteAt(store: RecordStore, iso: string, answerId: string, userId: string, vote: "up" | "down") {
  vi.setSystemTime(new Date(iso));
  store.recordVote({ answerId, platform: "slack", userId, vote });
}

describe("record store: report queries and retention", () => {
  let store: RecordStore;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    store = openRecordStore(":memory:");
  });
  afterEach(() => {
    store.close();
    vi.useRealTimers();
  });

  it("listAnswers returns the answers asked since a time, oldest first", () => {
    recordAt(store, "2025-06-03T09:00:00.000Z", "third");
    recordAt(store, "2025-06-01T09:00:00.000Z", "first");
    recordAt(store, "2025-06-02T09:00:00.000Z", "second", false);
    expect(store.listAnswers().map((a) => a.question)).toEqual(["first", "second", "third"]);
    const since = store.listAnswers({ since: "2025-06-02T00:00:00.000Z" });
    expect(since.map((a) => [a.question, a.grounded])).toEqual([
      ["second", false],
      ["third", true],
    ]);
    expect(since[1]!.citations).toEqual(answer.citations);
  });

  it("listVotes returns the current votes on answers asked since a time", () => {
    const old = recordAt(store, "2025-06-01T09:00:00.000Z", "old");
    const recent = recordAt(store, "2025-06-05T09:00:00.000Z", "recent");
    voteAt(store, "2025-06-05T10:00:00.000Z", old, "U1", "up");
    voteAt(store, "2025-06-05T10:00:00.000Z", recent, "U1", "up");
    voteAt(store, "2025-06-05T11:00:00.000Z", recent, "U2", "up");
    voteAt(store, "2025-06-06T11:00:00.000Z", recent, "U2", "down");
    const votes = store.listVotes({ since: "2025-06-04T00:00:00.000Z" });
    expect(votes.map((v) => [v.answerId, v.vote, v.updatedAt])).toEqual([
      [recent, "up", "2025-06-05T10:00:00.000Z"],
      [recent, "down", "2025-06-06T11:00:00.000Z"],
    ]);
    expect(store.listVotes()).toHaveLength(3);
  });

  it("applyRetention deletes answers older than the retention period, with their votes, and keeps the rest", () => {
    const old = recordAt(store, "2025-03-01T09:00:00.000Z", "old");
    const edge = recordAt(store, "2025-05-02T13:00:00.000Z", "just inside 30 days");
    const recent = recordAt(store, "2025-05-30T09:00:00.000Z", "recent");
    voteAt(store, "2025-05-31T09:00:00.000Z", old, "U1", "down");
    voteAt(store, "2025-05-31T09:00:00.000Z", old, "U2", "down");
    voteAt(store, "2025-05-31T09:00:00.000Z", recent, "U1", "up");

    const removed = store.applyRetention(30, new Date("2025-06-01T12:00:00.000Z"));
    expect(removed).toEqual({ answers: 1, votes: 2 });
    expect(store.getAnswer(old)).toBeUndefined();
    expect(store.votesFor(old)).toEqual([]);
    expect(store.getAnswer(edge)).toBeDefined();
    expect(store.votesFor(recent)).toHaveLength(1);
    expect(store.listAnswers().map((a) => a.id)).toEqual([edge, recent]);
    // Running it again finds nothing more to delete.
    expect(store.applyRetention(30, new Date("2025-06-01T12:00:00.000Z"))).toEqual({ answers: 0, votes: 0 });
  });

  it("applyRetention rejects a retention shorter than a day", () => {
    expect(() => store.applyRetention(0)).toThrow(/at least 1 day/);
  });
});

describe("record store file: purged questions leave the database file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "docent-retention-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("overwrites the deleted question text in the file", () => {
    const file = join(dir, "docent.sqlite");
    const store = openRecordStore(file);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      recordAt(store, "2024-01-01T00:00:00.000Z", "SECRET-OLD-QUESTION-MARKER");
      recordAt(store, "2025-06-01T00:00:00.000Z", "recent question");
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
