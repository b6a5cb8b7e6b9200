import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openRecordStore, type RecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { AppError } from "../../../src/errors.js";

const RAW_USER = "U0RAWUSERID42";

const answer: Answer = {
  answer: "Install it with npm install -g lumen-cli [1].",
  citations: [
    { n: 1, title: "Installing Lumen", section: "Installing", url: "https://lumen.example.org/docs/install", file: "install.md", score: 0.82 },
    { n: 2, title: "FAQ", section: "", file: "faq.txt", score: 0.4 },
  ],
  grounded: true,
  timings: { retrieveMs: 12.5, answerMs: 3.25 },
};

function record(store: RecordStore, overrides: Partial<Parameters<RecordStore["recordAnswer"]>[0]> = {}): string {
  return store.recordAnswer({
    platform: "discord",
    userId: RAW_USER,
    channel: "C123",
    question: "How do I install Lumen?",
    answer,
    latencyMs: 40,
    ...overrides,
  });
}

describe("openRecordStore(':memory:')", () => {
  let store: RecordStore;
  beforeEach(() => {
    store = openRecordStore(":memory:");
  });
  afterEach(() => store.close());

  it("recordAnswer returns a short id that getAnswer reads back with question, answer, citations and grounded", () => {
    const id = record(store);
    expect(id.length).toBeGreaterThan(0);
    expect(id.length).toBeLessThanOrEqual(32);
    const stored = store.getAnswer(id)!;
    expect(stored).toMatchObject({
      id,
      platform: "discord",
      channel: "C123",
      question: "How do I install Lumen?",
      answer: answer.answer,
      citations: answer.citations,
      grounded: true,
      latencyMs: 40,
    });
    expect(Number.isNaN(Date.parse(stored.createdAt))).toBe(false);
  });

  it("gives each answer a different id", () => {
    const ids = new Set(Array.from({ length: 20 }, () => record(store)));
    expect(ids.size).toBe(20);
  });

  it("round-trips an ungrounded answer without channel or citations", () => {
    const id = record(store, {
      platform: "cli",
      channel: undefined,
      answer: { ...answer, citations: [], grounded: false },
    });
    expect(store.getAnswer(id)).toMatchObject({ platform: "cli", channel: null, citations: [], grounded: false });
  });

  it("records any platform an adapter registers by id, and refuses an id that is not a short name", () => {
    const id = record(store, { platform: "matrix" });
    expect(store.getAnswer(id)?.platform).toBe("matrix");
    expect(() => record(store, { platform: "Not A Platform" })).toThrow(/platform id/);
  });

  it("returns undefined for an unknown answer id", () => {
    expect(store.getAnswer("does-not-exist")).toBeUndefined();
  });

  it("records a vote as added, the same vote again as unchanged, and the other vote as changed", () => {
    const id = record(store);
    const vote = (v: "up" | "down") => store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: v });
    expect(vote("up")).toEqual({ status: "added" });
    expect(store.votesFor(id).map((v) => v.vote)).toEqual(["up"]);
    expect(vote("up")).toEqual({ status: "unchanged" });
    expect(store.votesFor(id).map((v) => v.vote)).toEqual(["up"]);
    expect(vote("down")).toEqual({ status: "changed" });
    expect(store.votesFor(id).map((v) => v.vote)).toEqual(["down"]);
    expect(vote("up")).toEqual({ status: "changed" });
    expect(store.votesFor(id)).toHaveLength(1);
  });

  it("keeps one row per user per answer and separate rows for different users", () => {
    const id = record(store);
    store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
    store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" });
    expect(store.recordVote({ answerId: id, platform: "discord", userId: "U2", vote: "up" })).toEqual({ status: "added" });
    const votes = store.votesFor(id);
    expect(votes).toHaveLength(2);
    expect(new Set(votes.map((v) => v.userHash)).size).toBe(2);
    const byUser = new Map(votes.map((v) => [v.userHash, v.vote]));
    expect(byUser.get(store.hashUser("discord", "U1"))).toBe("down");
    expect(byUser.get(store.hashUser("discord", "U2"))).toBe("up");
  });

  it("treats the same raw id on another platform as another voter", () => {
    const id = record(store);
    store.recordVote({ answerId: id, platform: "discord", userId: "SAME", vote: "up" });
    expect(store.recordVote({ answerId: id, platform: "slack", userId: "SAME", vote: "up" })).toEqual({ status: "added" });
    expect(store.votesFor(id)).toHaveLength(2);
  });

  it("keeps votes of different answers apart", () => {
    const a = record(store);
    const b = record(store);
    store.recordVote({ answerId: a, platform: "discord", userId: "U1", vote: "up" });
    expect(store.recordVote({ answerId: b, platform: "discord", userId: "U1", vote: "down" })).toEqual({ status: "added" });
    expect(store.votesFor(a).map((v) => [v.answerId, v.vote])).toEqual([[a, "up"]]);
    expect(store.votesFor(b).map((v) => [v.answerId, v.vote])).toEqual([[b, "down"]]);
  });

  it("keeps createdAt and moves updatedAt when a vote changes", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2025-06-01T10:00:00.000Z"));
      const id = record(store);
      store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
      vi.setSystemTime(new Date("2025-06-01T10:05:00.000Z"));
      store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" });
      const [vote] = store.votesFor(id);
      expect(vote).toMatchObject({ vote: "down", createdAt: "2025-06-01T10:00:00.000Z", updatedAt: "2025-06-01T10:05:00.000Z" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("throws AppError answer_unknown for a vote on an unknown answer id, and stores nothing", () => {
    let caught: unknown;
    try {
      store.recordVote({ answerId: "nope", platform: "slack", userId: "U1", vote: "up" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe("answer_unknown");
    expect(store.votesFor("nope")).toEqual([]);
  });

  it("stores user ids only as hashes", () => {
    const id = record(store);
    store.recordVote({ answerId: id, platform: "discord", userId: RAW_USER, vote: "up" });
    const stored = store.getAnswer(id)!;
    const votes = store.votesFor(id);
    expect(JSON.stringify(stored)).not.toContain(RAW_USER);
    expect(JSON.stringify(votes)).not.toContain(RAW_USER);
    expect(stored.userHash).toBe(store.hashUser("discord", RAW_USER));
    expect(votes[0]!.userHash).toBe(stored.userHash);
    expect(stored.userHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it("hashes the same user differently on different platforms", () => {
    expect(store.hashUser("discord", RAW_USER)).not.toBe(store.hashUser("slack", RAW_USER));
    expect(store.hashUser("discord", RAW_USER)).toBe(store.hashUser("discord", RAW_USER));
    expect(store.hashUser("discord", "U1")).not.toBe(store.hashUser("discord", "U2"));
  });

  it("uses a per-store salt: two in-memory stores hash the same user differently", () => {
    const other = openRecordStore(":memory:");
    try {
      expect(other.hashUser("discord", RAW_USER)).not.toBe(store.hashUser("discord", RAW_USER));
    } finally {
      other.close();
    }
  });
});

describe("openRecordStore(file)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "docent-records-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates missing parent folders", () => {
    const store = openRecordStore(join(dir, "nested", "deeper", "records.db"));
    try {
      expect(store.getAnswer(record(store))).toBeDefined();
    } finally {
      store.close();
    }
  });

  it("keeps answers, votes and the user hash across reopening the same file", () => {
    const file = join(dir, "records.db");
    const first = openRecordStore(file);
    const id = record(first);
    first.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
    const hash = first.hashUser("discord", "U1");
    const slackHash = first.hashUser("slack", "U1");
    first.close();

    const second = openRecordStore(file);
    try {
      expect(second.hashUser("discord", "U1")).toBe(hash);
      expect(second.hashUser("slack", "U1")).toBe(slackHash);
      expect(slackHash).not.toBe(hash);
      expect(second.getAnswer(id)).toMatchObject({ question: "How do I install Lumen?", citations: answer.citations, grounded: true });
      expect(second.votesFor(id).map((v) => [v.userHash, v.vote])).toEqual([[hash, "up"]]);
      // The same member voting again after the restart is still one voter.
      expect(second.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" })).toEqual({ status: "unchanged" });
      expect(second.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" })).toEqual({ status: "changed" });
      expect(second.votesFor(id)).toHaveLength(1);
    } finally {
      second.close();
    }
  });
});
