// `npm run bench:slack -- --replicas 2`: N Docent replicas, each in a process of its own (the real core, Bolt
// in HTTP mode, the real adapter and request guard: slack-replica-process.ts) behind one fake Slack (here),
// sharing one database for their state. Every question
// is an app_mention event sent to one replica and, at the same moment, its retry (a later signature and
// X-Slack-Retry-Num: 1) to the next one — harsher than Slack, which retries only after 3 s without an ack.
// Reports the ack times of all deliveries and the duplicate answers (a thread answered more than once),
// which must be 0.
//
// The database: DATABASE_URL when set; otherwise `--database pglite` (default: PGlite in a process of its own,
// over pglite-socket; one Postgres session for all connections, so queries queue) or `--database postgres15`
// (Debian's PostgreSQL 15 in a scratch directory: real sessions; only the shared-state migration is applied,
// as it has no pgvector).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import pg from "pg";
import { MIGRATIONS_DIR, openPool } from "../../src/core/db/postgres.js";
import type { Logger } from "../../src/logger.js";
import { BOT_USER_ID, eventBody, startFakeSlack, type FakeSlack } from "../../test/helpers/fake-slack.js";
import { startSystemPostgres } from "../../test/helpers/system-postgres.js";
import { percentile } from "./measure.js";

export type BenchDatabase = "pglite" | "postgres15";

export interface ReplicaBenchOptions {
  replicas: number;
  inFlight: number;
  rounds: number;
  questions: string[];
  logger: Logger;
  secret: string;
  /** DATABASE_URL, if set; else a database the bench starts. */
  databaseUrl?: string;
  database: BenchDatabase;
}

/** Sends every delivery at once from a separate process, signed with its own timestamp; reports send/ack times. */
const LOAD_CLIENT = `
import { createHmac } from "node:crypto";
const { secret, deliveries } = JSON.parse(process.argv[1]);
const now = () => performance.timeOrigin + performance.now();
await Promise.all([...new Set(deliveries.map((d) => d.url))].map((u) => fetch(u, { method: "GET" }).then((r) => r.text()).catch(() => undefined)));
const base = Math.floor(Date.now() / 1000);
const results = await Promise.all(deliveries.map(async ({ url, body, retry }) => {
  // A retry is signed later than the original, as Slack signs each delivery when it sends it.
  const ts = base + (retry ? 1 : 0);
  const signature = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
  const headers = { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": signature };
  if (retry) Object.assign(headers, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
  const sentAt = now();
  const res = await fetch(url, { method: "POST", body, headers });
  const ackedAt = now();
  await res.text();
  return { sentAt, ackedAt, status: res.status };
}));
process.stdout.write(JSON.stringify(results));
`;

interface Database {
  url: string;
  /** Whether openPool may migrate it (PostgreSQL 15 has no pgvector for the index's migration). */
  migrate: boolean;
  describe: string;
  stop(): Promise<void>;
}

async function startDatabase(options: ReplicaBenchOptions): Promise<Database> {
  if (options.databaseUrl) return { url: options.databaseUrl, migrate: true, describe: "DATABASE_URL", stop: async () => {} };
  if (options.database === "postgres15") {
    const server = await startSystemPostgres();
    const up = readFileSync(join(MIGRATIONS_DIR, "1767225600010_shared-state.sql"), "utf8").split("-- Down Migration")[0]!;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(up);
    await client.end();
    return { url: server.url, migrate: false, describe: "Debian PostgreSQL 15 (separate sessions)", stop: () => server.stop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "docent-bench-pglite-"));
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./pglite-server.ts", import.meta.url).pathname, "--dir", join(dir, "data")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`bench: the PGlite server exited (${code})`)));
  });
  const { url, pgliteVersion } = JSON.parse(first) as { url: string; pgliteVersion: string };
  return {
    url,
    migrate: true,
    describe: `PGlite ${pgliteVersion} over pglite-socket in its own process (ONE session for all connections: not a real Postgres's figures)`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchSlackReplicas(options: ReplicaBenchOptions): Promise<string> {
  const database = await startDatabase(options);
  const fake = await startFakeSlack();
  const replicas: Replica[] = [];
  try {
    if (database.migrate) {
      // Migrated once here, so the replicas do not all wait on the migration lock at start.
      const pool = await openPool({ url: database.url, poolMax: 1 }, { logger: options.logger });
      await pool.end();
    }
    for (let i = 0; i < options.replicas; i++) replicas.push(await startReplica({ apiUrl: fake.apiUrl, databaseUrl: database.url, migrate: false, secret: options.secret }));

    let sent = 0;
    const ackMs: number[] = [];
    const statuses = new Map<number, number>();
    const threads: string[] = [];
    const round = async (size: number) => {
      const deliveries = [];
      const ids: string[] = [];
      for (let i = 0; i < size; i++) {
        const n = ++sent;
        const ts = `${1_700_000_000 + n}.000100`;
        ids.push(ts);
        const text = `<@${BOT_USER_ID}> ${options.questions[n % options.questions.length]!}`;
        fake.messages.push({ channel: "CBENCH", ts, user: `UBENCH${n}`, text });
        const body = eventBody({ type: "app_mention", channel: "CBENCH", user: `UBENCH${n}`, text, ts, event_ts: ts }, `EvBENCH${n}`);
        const first = n % replicas.length;
        deliveries.push({ url: replicas[first]!.url, body, retry: false }, { url: replicas[(first + 1) % replicas.length]!.url, body, retry: true });
      }
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", LOAD_CLIENT, JSON.stringify({ secret: options.secret, deliveries })], {
        maxBuffer: 16 * 1024 * 1024,
      });
      for (const r of JSON.parse(stdout) as Array<{ sentAt: number; ackedAt: number; status: number }>) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        ackMs.push(r.ackedAt - r.sentAt);
      }
      await until(() => ids.every((ts) => answersIn(fake, ts) >= 1));
      threads.push(...ids);
    };

    // Warm-up, not measured: first use of the core and Bolt, and each pool opening its connections (a burst
    // on cold pools waits for new database sessions; a running deployment has them).
    await round(options.inFlight);
    ackMs.length = 0;
    statuses.clear();
    threads.length = 0;
    for (let i = 0; i < options.rounds; i++) await round(options.inFlight);
    // A duplicate would be posted by the losing replica well within this.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const duplicates = threads.reduce((n, ts) => n + Math.max(0, answersIn(fake, ts) - 1), 0);
    const unanswered = threads.filter((ts) => answersIn(fake, ts) === 0).length;
    const pct = (p: number) => percentile(ackMs, p).toFixed(1);
    return [
      `Slack events, ${options.replicas} replicas (one process each) sharing ${database.describe}:`,
      `  ${options.rounds} rounds × ${options.inFlight} questions in flight, each sent to one replica and retried at once to the next (${ackMs.length} deliveries)`,
      `  ack    (signed POST → HTTP 200):  p50 ${pct(50)} ms   p99 ${pct(99)} ms   max ${pct(100)} ms   statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`,
      `  answers: ${threads.length - unanswered} of ${threads.length} questions answered; duplicate answers: ${duplicates} (must be 0)`,
      `  target: ack p99 ≤ 300 ms (Slack's limit: 3,000 ms)`,
      `  index ${replicas[0]!.index}`,
      "",
    ].join("\n");
  } finally {
    for (const r of replicas) await r.close().catch(() => undefined);
    await fake.close();
    await database.stop();
  }
}

interface Replica {
  url: string;
  index: string;
  close(): Promise<void>;
}

async function startReplica(args: { apiUrl: string; databaseUrl: string; migrate: boolean; secret: string }): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", new URL("./slack-replica-process.ts", import.meta.url).pathname, JSON.stringify(args)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`bench: a replica exited (${code}) before listening`)));
  });
  const { url, index } = JSON.parse(first) as { url: string; index: string };
  return {
    url,
    index,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function answersIn(fake: FakeSlack, threadTs: string): number {
  return fake.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === "CBENCH" && c.args.thread_ts === threadTs).length;
}

function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (done() ? resolve() : setTimeout(tick, 5));
    tick();
  });
}
