// Two Docent replicas behind one Slack HTTP endpoint, sharing one database: two real Bolt apps in HTTP mode
// (the real adapter, request guard and listeners), each with its own pool to one PGlite served on loopback
// and the shared state in it, in front of one fake Slack. A retried event goes to the other replica and is
// answered once; an identical (replayed) request is refused by the replica that did not see it; the same
// event delivered to both at once is answered once; a member's rate limit holds across replicas.
// The same again on Debian's PostgreSQL 15, where each connection is a session of its own (no pgvector
// there, so only the shared-state migration is applied).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackApp, type SlackAppHandle } from "../../../src/adapters/slack/start-slack-app.js";
import { MIGRATIONS_DIR, openPool, type Pool } from "../../../src/core/db/postgres.js";
import { createSharedRateLimiter, openRecordStore, type AskService } from "../../../src/core/index.js";
import { createPostgresSharedState, type PostgresSharedState } from "../../../src/core/shared-state/postgres-shared-state.js";
import { createLogger } from "../../../src/logger.js";
import { BOT_USER_ID, eventBody, postSigned, startFakeSlack, type FakeSlack } from "../../helpers/fake-slack.js";
import { startPgliteServer } from "../../helpers/pglite-server.js";
import { startSystemPostgres, systemPostgresMissing } from "../../helpers/system-postgres.js";
import { SAMPLE_ANSWER } from "./harness.js";

const SECRET = "replica-signing-secret";
const MENTION = `<@${BOT_USER_ID}>`;

interface Replica {
  name: string;
  url: string;
  handle: SlackAppHandle;
  pool: Pool;
  state: PostgresSharedState;
  records: ReturnType<typeof openRecordStore>;
  asks: string[];
  logs: Array<{ msg?: string }>;
}

interface Database {
  /** A pool of one replica's own, on the schema. */
  pool(): Promise<Pool>;
  stop(): Promise<void>;
}

let fake: FakeSlack;
let replicas: Replica[] = [];

async function startReplica(name: string, rateLimit: number, database: Database): Promise<Replica> {
  const pool = await database.pool();
  const state = createPostgresSharedState(pool, { sweepIntervalMs: 0 });
  const records = openRecordStore(":memory:");
  const asks: string[] = [];
  const logs: Replica["logs"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const asker: AskService = { ask: async (question) => (asks.push(question), SAMPLE_ANSWER) };
  const handle = await startSlackApp({
    config: { mode: "http", botToken: "xoxb-test", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, askEphemeral: true, adminUserIds: [] },
    asker,
    records,
    rateLimiter: createSharedRateLimiter(state, { limit: rateLimit, windowMs: 60_000 }),
    sharedState: state,
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: pino({ level: "debug" }, sink),
    clientOptions: { retryConfig: { retries: 0 } },
    host: "127.0.0.1",
  });
  return { name, url: `http://127.0.0.1:${handle.port}/slack/events`, handle, pool, state, records, asks, logs };
}

/** A user's message as Slack delivers it, stored in the fake so thread reads see it. */
function mention(channel: string, ts: string, text: string, user = "UASKER") {
  fake.messages.push({ channel, ts, user, text });
  return { type: "app_mention", channel, user, text, ts, event_ts: ts };
}

function send(replica: Replica, body: string, options: { timestamp?: number; headers?: Record<string, string> } = {}) {
  return postSigned(replica.url, body, "application/json", { secret: SECRET, ...options }).then((r) => r.status);
}

function answersIn(channel: string, threadTs: string) {
  return fake.callsOf("chat.postMessage").filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
}

async function until<T>(probe: () => T | undefined | false): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const totalAsks = () => replicas.reduce((n, r) => n + r.asks.length, 0);

async function pglite(): Promise<Database> {
  const server = await startPgliteServer();
  // Each replica's start migrates the database (the first) or finds it up to date (the second).
  return { pool: () => openPool({ url: server.url, poolMax: 4 }, { logger: createLogger("test") }), stop: () => server.stop() };
}

async function postgres15(): Promise<Database> {
  const server = await startSystemPostgres();
  const up = readFileSync(join(MIGRATIONS_DIR, "1767225600010_shared-state.sql"), "utf8").split("-- Down Migration")[0]!;
  const setup = new pg.Client({ connectionString: server.url });
  await setup.connect();
  await setup.query(up);
  await setup.end();
  return { pool: async () => new pg.Pool({ connectionString: server.url, max: 4 }), stop: () => server.stop() };
}

const missing = systemPostgresMissing();
describe("on PGlite", () => replicaSuite(pglite));
describe.skipIf(missing !== undefined)(`on PostgreSQL 15 (separate sessions)${missing ? ` (skipped: ${missing})` : ""}`, () => replicaSuite(postgres15));

function replicaSuite(startDatabase: () => Promise<Database>): void {
  let database: Database;
  beforeAll(async () => {
    database = await startDatabase();
    fake = await startFakeSlack();
    replicas = [await startReplica("A", 1, database), await startReplica("B", 1, database)];
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.handle.stop();
      await r.state.close();
      await r.pool.end();
      r.records.close();
    }
    replicas = [];
    await fake?.close();
    await database?.stop();
  });

  describe("two replicas on one database behind one Slack endpoint", () => {
    it("answers an event once when its retry (X-Slack-Retry-Num) reaches the other replica", async () => {
      const [a, b] = replicas as [Replica, Replica];
      const body = eventBody(mention("CHELP", "900.000001", `${MENTION} how do I install it?`, "URETRY"), "EvREPLICA1");
      expect(await send(a, body)).toBe(200);
      // Slack signs each delivery afresh: the retry carries a later timestamp and the retry headers.
      const later = Math.floor(Date.now() / 1000) + 1;
      expect(await send(b, body, { timestamp: later, headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } })).toBe(200);
      await until(() => b.logs.some((l) => l.msg === "slack: duplicate delivery ignored"));
      await until(() => answersIn("CHELP", "900.000001").length >= 1);
      expect(a.asks).toEqual(["how do I install it?"]);
      expect(b.asks).toEqual([]);
      expect(answersIn("CHELP", "900.000001")).toHaveLength(1);
    });

    it("refuses on one replica a request replayed from the other (same timestamp and signature)", async () => {
      const [a, b] = replicas as [Replica, Replica];
      const body = eventBody(mention("CHELP", "900.000002", `${MENTION} replay me`, "UREPLAY"), "EvREPLICA2");
      const timestamp = Math.floor(Date.now() / 1000);
      expect(await send(a, body, { timestamp })).toBe(200);
      expect(await send(b, body, { timestamp })).toBe(401);
      expect(b.logs.some((l) => l.msg === "slack: request refused: replayed request")).toBe(true);
      await until(() => answersIn("CHELP", "900.000002").length >= 1);
      expect(answersIn("CHELP", "900.000002")).toHaveLength(1);
    });

    it("answers once when both replicas get the same event at the same moment", async () => {
      const before = totalAsks();
      const bodies = Array.from({ length: 10 }, (_, i) => eventBody(mention("CRACE", `950.00000${i}`, `${MENTION} race ${i}`, `URACE${i}`), `EvRACE${i}`));
      const later = Math.floor(Date.now() / 1000) + 1;
      const statuses = await Promise.all(
        bodies.flatMap((body) => [send(replicas[0]!, body), send(replicas[1]!, body, { timestamp: later, headers: { "x-slack-retry-num": "1" } })]),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      await until(() => bodies.every((_, i) => answersIn("CRACE", `950.00000${i}`).length >= 1));
      await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would have been posted by now
      expect(totalAsks() - before).toBe(10);
      for (let i = 0; i < 10; i++) expect(answersIn("CRACE", `950.00000${i}`)).toHaveLength(1);
    });

    it("keeps a member's rate limit across replicas, and the answered thread known to both", async () => {
      const [a, b] = replicas as [Replica, Replica];
      expect(await send(a, eventBody(mention("CLIMIT", "990.000001", `${MENTION} first`, "ULIMIT"), "EvLIMIT1"))).toBe(200);
      await until(() => answersIn("CLIMIT", "990.000001").length >= 1);
      // Remembered just after the answer is posted, in the database: replica B knows it without reading the thread.
      await expect.poll(() => b.state.has("slack:thread:CLIMIT:990.000001")).toBe(true);
      expect(await send(b, eventBody(mention("CLIMIT", "990.000002", `${MENTION} second`, "ULIMIT"), "EvLIMIT2"))).toBe(200);
      const notice = await until(() => fake.callsOf("chat.postEphemeral").find((c) => c.args.user === "ULIMIT"));
      expect(String(notice.args.text)).toMatch(/\d+ s/);
      expect([...a.asks, ...b.asks].filter((q) => q === "first" || q === "second")).toEqual(["first"]);
    });
  });
}
