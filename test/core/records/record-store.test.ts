// The record store's contract, run against both stores: the SQLite file (default) and Postgres (DATABASE_URL,
// over PGlite's wire protocol). What only one of them does is tested at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { openRecords } from "../../../src/core/records/open-records.js";
import { openRecordStore, type RecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { AppError } from "../../../src/errors.js";
import { recordBackends } from "../../helpers/record-backends.js";

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

function record(store: RecordStore, overrides: Partial<Parameters<RecordStore["recordAnswer"]>[0]> = {}): Promise<string> {
  return Promise.resolve().then(() => store.recordAnswer({
    platform: "discord",
    userId: RAW_USER,
    channel: "C123",
    question: "How do I install Lumen?",
    answer,
    latencyMs: 40,
    ...overrides,
  }));
}

/** What `work` threw or rejected with (the SQLite store throws, the Postgres one rejects). */
async function failure(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(recordBackends())("record store on %s", (name, backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  describe("one store", () => {
    let store: RecordStore;
    beforeEach(async () => {
      store = await backend.fresh();
    });
    afterEach(async () => {
      await store.close();
    });

    it("recordAnswer returns a short id that getAnswer reads back with question, answer, citations and grounded", async () => {
      const id = await record(store);
      expect(id.length).toBeGreaterThan(0);
      expect(id.length).toBeLessThanOrEqual(32);
      const stored = (await store.getAnswer(id))!;
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

    it("gives each answer a different id", async () => {
      const ids = new Set(await Promise.all(Array.from({ length: 20 }, () => record(store))));
      expect(ids.size).toBe(20);
    });

    it("round-trips an ungrounded answer without channel or citations", async () => {
      const id = await record(store, {
        platform: "cli",
        channel: undefined,
        answer: { ...answer, citations: [], grounded: false },
      });
      expect(await store.getAnswer(id)).toMatchObject({ platform: "cli", channel: null, citations: [], grounded: false });
    });

    it("records any platform an adapter registers by id, and refuses an id that is not a short name", async () => {
      const id = await record(store, { platform: "matrix" });
      expect((await store.getAnswer(id))?.platform).toBe("matrix");
      await expect(record(store, { platform: "Not A Platform" })).rejects.toThrow(/platform id/);
    });

    it("returns undefined for an unknown answer id", async () => {
      expect(await store.getAnswer("does-not-exist")).toBeUndefined();
    });

    it("records a vote as added, the same vote again as unchanged, and the other vote as changed", async () => {
      const id = await record(store);
      const vote = async (v: "up" | "down") => store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: v });
      const votes = async () => (await store.votesFor(id)).map((v) => v.vote);
      expect(await vote("up")).toEqual({ status: "added" });
      expect(await votes()).toEqual(["up"]);
      expect(await vote("up")).toEqual({ status: "unchanged" });
      expect(await votes()).toEqual(["up"]);
      expect(await vote("down")).toEqual({ status: "changed" });
      expect(await votes()).toEqual(["down"]);
      expect(await vote("up")).toEqual({ status: "changed" });
      expect(await store.votesFor(id)).toHaveLength(1);
    });

    it("keeps one row per user per answer and separate rows for different users", async () => {
      const id = await record(store);
      await store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
      await store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" });
      expect(await store.recordVote({ answerId: id, platform: "discord", userId: "U2", vote: "up" })).toEqual({ status: "added" });
      const votes = await store.votesFor(id);
      expect(votes).toHaveLength(2);
      expect(new Set(votes.map((v) => v.userHash)).size).toBe(2);
      const byUser = new Map(votes.map((v) => [v.userHash, v.vote]));
      expect(byUser.get(store.hashUser("discord", "U1"))).toBe("down");
      expect(byUser.get(store.hashUser("discord", "U2"))).toBe("up");
    });

    it("treats the same raw id on another platform as another voter", async () => {
      const id = await record(store);
      await store.recordVote({ answerId: id, platform: "discord", userId: "SAME", vote: "up" });
      expect(await store.recordVote({ answerId: id, platform: "slack", userId: "SAME", vote: "up" })).toEqual({ status: "added" });
      expect(await store.votesFor(id)).toHaveLength(2);
    });

    it("keeps votes of different answers apart", async () => {
      const a = await record(store);
      const b = await record(store);
      await store.recordVote({ answerId: a, platform: "discord", userId: "U1", vote: "up" });
      expect(await store.recordVote({ answerId: b, platform: "discord", userId: "U1", vote: "down" })).toEqual({ status: "added" });
      expect((await store.votesFor(a)).map((v) => [v.answerId, v.vote])).toEqual([[a, "up"]]);
      expect((await store.votesFor(b)).map((v) => [v.answerId, v.vote])).toEqual([[b, "down"]]);
    });

    it("keeps createdAt and moves updatedAt when a vote changes", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(new Date("2025-06-01T10:00:00.000Z"));
        const id = await record(store);
        await store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
        vi.setSystemTime(new Date("2025-06-01T10:05:00.000Z"));
        await store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" });
        const [vote] = await store.votesFor(id);
        expect(vote).toMatchObject({ vote: "down", createdAt: "2025-06-01T10:00:00.000Z", updatedAt: "2025-06-01T10:05:00.000Z" });
      } finally {
        vi.useRealTimers();
      }
    });

    it("throws AppError answer_unknown for a vote on an unknown answer id, and stores nothing", async () => {
      const caught = await failure(() => store.recordVote({ answerId: "nope", platform: "slack", userId: "U1", vote: "up" }));
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe("answer_unknown");
      expect(await store.votesFor("nope")).toEqual([]);
    });

    it("stores user ids only as hashes", async () => {
      const id = await record(store);
      await store.recordVote({ answerId: id, platform: "discord", userId: RAW_USER, vote: "up" });
      const stored = (await store.getAnswer(id))!;
      const votes = await store.votesFor(id);
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

    it("uses a per-installation key: a new store hashes the same user differently", async () => {
      const other = await backend.fresh();
      try {
        expect(other.hashUser("discord", RAW_USER)).not.toBe(store.hashUser("discord", RAW_USER));
      } finally {
        await other.close();
      }
    });
  });

  describe("the same data opened again", () => {
    it("keeps answers, votes and the user hash across reopening", async () => {
      const first = await backend.persistent();
      const id = await record(first);
      await first.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
      const hash = first.hashUser("discord", "U1");
      const slackHash = first.hashUser("slack", "U1");
      await first.close();

      const second = await backend.again();
      try {
        expect(second.hashUser("discord", "U1")).toBe(hash);
        expect(second.hashUser("slack", "U1")).toBe(slackHash);
        expect(slackHash).not.toBe(hash);
        expect(await second.getAnswer(id)).toMatchObject({ question: "How do I install Lumen?", citations: answer.citations, grounded: true });
        expect((await second.votesFor(id)).map((v) => [v.userHash, v.vote])).toEqual([[hash, "up"]]);
        // The same member voting again after the restart is still one voter.
        expect(await second.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" })).toEqual({ status: "unchanged" });
        expect(await second.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "down" })).toEqual({ status: "changed" });
        expect(await second.votesFor(id)).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it("lets two stores open at once (two replicas) share answers, the key and one vote per member", async () => {
      const first = await backend.persistent();
      const second = await backend.again();
      try {
        expect(second.hashUser("slack", "U1")).toBe(first.hashUser("slack", "U1"));
        // Recorded by one, voted on through the other, read back by both.
        const id = await record(first);
        expect((await second.getAnswer(id))?.question).toBe("How do I install Lumen?");
        // The same member pressing on both at once: one vote, and exactly one of the presses added it.
        const statuses = await Promise.all([
          first.recordVote({ answerId: id, platform: "slack", userId: "U1", vote: "up" }),
          second.recordVote({ answerId: id, platform: "slack", userId: "U1", vote: "up" }),
        ]);
        expect(statuses.map((s) => s.status).sort()).toEqual(["added", "unchanged"]);
        expect(await second.recordVote({ answerId: id, platform: "slack", userId: "U1", vote: "down" })).toEqual({ status: "changed" });
        expect((await first.votesFor(id)).map((v) => v.vote)).toEqual(["down"]);
      } finally {
        await first.close();
        await second.close();
      }
    });
  });

  it.runIf(name === "sqlite")("creates missing parent folders (SQLite)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "docent-records-"));
    try {
      const store = openRecordStore(join(dir, "nested", "deeper", "records.db"));
      try {
        expect(store.getAnswer(await record(store))).toBeDefined();
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.runIf(name === "postgres")("Postgres only: the key and the choice of store", () => {
    it("keeps the member-hash key in a table of its own, not beside the answers and votes", async () => {
      const store = await backend.persistent();
      try {
        const id = await record(store);
        await store.recordVote({ answerId: id, platform: "discord", userId: RAW_USER, vote: "up" });
        const { rows: keys } = await backend.sql!.query<{ key: string }>("SELECT key FROM docent_record_key");
        expect(keys).toHaveLength(1);
        expect(keys[0]!.key).toMatch(/^[0-9a-f]{64}$/);
        const { rows: data } = await backend.sql!.query("SELECT a.*, v.* FROM docent_answers a JOIN docent_votes v ON v.answer_id = a.id");
        expect(JSON.stringify(data)).not.toContain(keys[0]!.key);
        expect(JSON.stringify(data)).not.toContain(RAW_USER);
      } finally {
        await store.close();
      }
    });

    it("says loudly when the key row is gone but hashed members are stored, and starts a new key", async () => {
      const first = await backend.persistent();
      await record(first);
      const before = first.hashUser("discord", "U1");
      await first.close();
      await backend.sql!.query("DELETE FROM docent_record_key");
      const lines: Array<{ level: number; msg: string }> = [];
      const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      const second = await backend.again({ logger });
      try {
        expect(second.hashUser("discord", "U1")).not.toBe(before);
        expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/docent_record_key.*was missing/)]);
      } finally {
        await second.close();
      }
    });

    it("openRecords opens Postgres with DATABASE_URL and the SQLite file in DATA_DIR without", async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "docent-records-"));
      try {
        const onPostgres = await openRecords(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: backend.url! }));
        const id = await record(onPostgres);
        await onPostgres.close();
        const { rows } = await backend.sql!.query("SELECT id FROM docent_answers WHERE id = $1", [id]);
        expect(rows).toHaveLength(1);

        const onFile = await openRecords(loadConfig({ DATA_DIR: dataDir }));
        try {
          expect(await onFile.getAnswer(id)).toBeUndefined();
          await record(onFile);
        } finally {
          await onFile.close();
        }
        const reopened = openRecordStore(join(dataDir, "docent.sqlite"));
        expect(reopened.listAnswers()).toHaveLength(1);
        reopened.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
