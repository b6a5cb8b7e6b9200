// A damaged record store is moved aside and replaced, loudly; the member-hash key lives in its own file and
// survives the store being recreated.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRecordStore, type SqliteRecordStore } from "../../../src/core/records/record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { isAppError } from "../../../src/errors.js";

const answer: Answer = {
  answer: "Install it with npm install -g lumen-cli [1].",
  citations: [{ n: 1, title: "Installing Lumen", section: "Installing", file: "install.md", score: 0.82 }],
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

function capturingLogger() {
  const records: Array<Record<string, any>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { logger, records };
}

function recordOne(store: SqliteRecordStore): string {
  const id = store.recordAnswer({ platform: "discord", userId: "U1", channel: "C1", question: "How do I install Lumen?", answer, latencyMs: 5 });
  store.recordVote({ answerId: id, platform: "discord", userId: "U1", vote: "up" });
  return id;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "docent-records-"));
  file = join(dir, "docent.sqlite");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const movedAside = () => readdirSync(dir).filter((name) => /^docent\.sqlite\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(name));

describe("a damaged record store", () => {
  it("random bytes: moved aside with a timestamp, reported as an error, and a new store started", () => {
    const garbage = randomBytes(8192);
    writeFileSync(file, garbage);
    const log = capturingLogger();
    const store = openRecordStore(file, { logger: log.logger });
    try {
      const [aside] = movedAside();
      expect(aside).toBeDefined();
      expect(readFileSync(join(dir, aside!)).equals(garbage)).toBe(true);
      const report = log.records.find((r) => r.level === 50);
      expect(report?.msg).toContain("not a usable database");
      expect(report?.msg).toContain(aside);
      expect(report?.problem).toMatch(/not a database/);
      // The new store works.
      expect(store.getAnswer(recordOne(store))).toMatchObject({ question: "How do I install Lumen?" });
    } finally {
      store.close();
    }
  });

  it("0 bytes: moved aside and reported, not silently reused", () => {
    writeFileSync(file, "");
    const log = capturingLogger();
    const store = openRecordStore(file, { logger: log.logger });
    store.close();
    expect(movedAside()).toHaveLength(1);
    expect(log.records).toContainEqual(expect.objectContaining({ level: 50, problem: "the file is empty (0 bytes)" }));
  });

  it("a truncated database: moved aside and reported", () => {
    const first = openRecordStore(file);
    for (let i = 0; i < 300; i++)
      first.recordAnswer({ platform: "slack", userId: `U${i}`, channel: "C1", question: `question ${i} ${"x".repeat(400)}`, answer, latencyMs: 1 });
    first.close();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const log = capturingLogger();
    const store = openRecordStore(file, { logger: log.logger });
    store.close();
    expect(movedAside()).toHaveLength(1);
    expect(log.records.filter((r) => r.level === 50)).toHaveLength(1);
  });

  it("a healthy store is opened as it is, without a report", () => {
    const first = openRecordStore(file);
    const id = recordOne(first);
    first.close();
    const log = capturingLogger();
    const second = openRecordStore(file, { logger: log.logger });
    try {
      expect(second.getAnswer(id)).toBeDefined();
      expect(movedAside()).toEqual([]);
      expect(log.records.filter((r) => r.level >= 40)).toEqual([]);
    } finally {
      second.close();
    }
  });
});

describe("the member-hash key", () => {
  it("lives in record-key (0600) beside the store, and not in the database file", () => {
    const store = openRecordStore(file);
    recordOne(store);
    store.close();
    const keyFile = join(dir, "record-key");
    const key = readFileSync(keyFile, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
    expect(bytes).not.toContain(key);
  });

  it("survives the store being recreated after corruption: members hash the same", () => {
    const first = openRecordStore(file);
    const before = first.hashUser("discord", "U1");
    recordOne(first);
    first.close();
    writeFileSync(file, randomBytes(4096));
    for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) unlinkSync(companion);

    const second = openRecordStore(file, { logger: capturingLogger().logger });
    try {
      expect(movedAside()).toHaveLength(1);
      expect(second.hashUser("discord", "U1")).toBe(before);
    } finally {
      second.close();
    }
  });

  it("says so when the key file is missing but the store holds hashed data, and starts a new key", () => {
    const first = openRecordStore(file);
    const before = first.hashUser("discord", "U1");
    recordOne(first);
    first.close();
    unlinkSync(join(dir, "record-key"));

    const log = capturingLogger();
    const second = openRecordStore(file, { logger: log.logger });
    try {
      const report = log.records.find((r) => r.level === 50);
      expect(report?.msg).toContain("record-key");
      expect(report?.msg).toContain("is missing");
      expect(second.hashUser("discord", "U1")).not.toBe(before);
      expect(existsSync(join(dir, "record-key"))).toBe(true);
    } finally {
      second.close();
    }
  });

  it("says so when the key file was replaced by another key", () => {
    openRecordStore(file).close();
    writeFileSync(join(dir, "record-key"), `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    const log = capturingLogger();
    openRecordStore(file, { logger: log.logger }).close();
    expect(log.records.find((r) => r.level === 50)?.msg).toContain("is not the key this record store was written with");
  });

  it("a fresh store creates its key without any warning", () => {
    const log = capturingLogger();
    openRecordStore(file, { logger: log.logger }).close();
    expect(log.records.filter((r) => r.level >= 40)).toEqual([]);
  });

  it("moves the key of a store written before the key file existed out of the database", () => {
    const legacyKey = randomBytes(32).toString("hex");
    const first = openRecordStore(file);
    const id = recordOne(first);
    first.close();
    // What older versions wrote: the salt in the meta table, no key file.
    unlinkSync(join(dir, "record-key"));
    const db = new Database(file);
    db.prepare("DELETE FROM meta").run();
    db.prepare("INSERT INTO meta (key, value) VALUES ('user_hash_salt', ?)").run(legacyKey);
    db.close();

    const log = capturingLogger();
    const second = openRecordStore(file, { logger: log.logger });
    try {
      expect(readFileSync(join(dir, "record-key"), "utf8").trim()).toBe(legacyKey);
      expect(second.hashUser("discord", "U1")).toBe(createHmac("sha256", legacyKey).update("discord:U1").digest("hex").slice(0, 32));
      expect(second.getAnswer(id)).toBeDefined();
      expect(log.records.filter((r) => r.level >= 40)).toEqual([]);
    } finally {
      second.close();
    }
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
    expect(bytes).not.toContain(legacyKey);
  });

  it("refuses a damaged key file with a message that says how to fix it", () => {
    writeFileSync(join(dir, "record-key"), "not a key\n");
    let caught: unknown;
    try {
      openRecordStore(file).close();
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, "record_store_unavailable")).toBe(true);
    expect((caught as Error).message).toMatch(/record-key is damaged.*Fix: restore it from a backup/);
  });
});
