// npx tsx scripts/bench-slack-ack.ts [--in-flight 50] [--rounds 4] [--index <dir>] [--questions <file>] [--replicas 2 [--database pglite|postgres15]]
// Measures what Slack's 3-second deadline depends on: the time from a signed /ask POST to Bolt's HTTP 200
// ack, with N commands in flight, while the real core answers them from the real index (INDEX_DIR). Slack
// is faked on 127.0.0.1 (Web API and response_url); the adapter, Bolt and the core are the real ones. The
// load comes from a separate process, so the client's own work does not queue behind the app's. Prints
// p50/p99. A measurement, not a test: it asserts nothing.
// With --replicas N (N ≥ 2) it measures replicas instead: see scripts/bench/slack-replicas.ts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig } from "../src/config.js";
import { createRateLimiter, openDocent, openRecordStore } from "../src/core/index.js";
import { startSlackApp } from "../src/adapters/slack/start-slack-app.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";
import { DEFAULT_BENCH_QUESTIONS, loadBenchQuestions } from "./bench/bench-questions.js";
import { percentile } from "./bench/measure.js";
import { benchSlackReplicas, type BenchDatabase } from "./bench/slack-replicas.js";
import { slashCommandBody, startFakeSlack } from "../test/helpers/fake-slack.js";

const SECRET = "bench-signing-secret";

/** The load generator: plain Node, no dependencies; fires every body at once, signed, and reports send/ack times. */
const LOAD_CLIENT = `
import { createHmac } from "node:crypto";
const { url, secret, bodies } = JSON.parse(process.argv[1]);
const now = () => performance.timeOrigin + performance.now();
// A fresh process loads fetch lazily and slowly; pay that before the clock starts.
await fetch(url, { method: "GET" }).then((r) => r.text()).catch(() => undefined);
const results = await Promise.all(bodies.map(async (body) => {
  const ts = Math.floor(Date.now() / 1000);
  const signature = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
  const sentAt = now();
  const res = await fetch(url, { method: "POST", body, headers: {
    "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": signature } });
  const ackedAt = now();
  await res.text();
  return { sentAt, ackedAt, status: res.status };
}));
process.stdout.write(JSON.stringify(results));
`;

const USAGE = `usage: npm run bench:slack -- [--in-flight 50] [--rounds 4] [--questions <file>] [--knowledge <dir>] [--index <dir>]
Measures the time from a signed /ask request to Bolt's acknowledgement, with N commands in flight, against
a fake Slack on 127.0.0.1 while the real core answers from the index (INDEX_DIR; build it first with
"npm run ingest"). Prints p50/p99; nothing is sent to Slack.
  --in-flight   commands sent at once per round (default 50)
  --rounds      rounds measured (default 4)
  --questions   JSON file of questions (default: the bench set)
  --replicas    N ≥ 2: N replicas sharing one database for their state; every question is an app_mention sent to
                one replica and retried at once to the next; prints ack p50/p99 and the duplicate answers
  --database    with --replicas and no DATABASE_URL: pglite (default; its own process) or postgres15 (Debian's)`;

runEntry(async () => {
  const { values, overrides } = parseCommandLine(process.argv.slice(2), {
    "in-flight": { type: "string" },
    rounds: { type: "string" },
    questions: { type: "string" },
    replicas: { type: "string" },
    database: { type: "string" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const inFlight = Number(values["in-flight"] ?? 50);
  const rounds = Number(values.rounds ?? 4);
  const config = loadConfig(environment(), overrides);
  const logger = createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  const questions = await loadBenchQuestions(values.questions ?? DEFAULT_BENCH_QUESTIONS);
  const replicas = Number(values.replicas ?? 1);
  const database = (values.database ?? "pglite") as BenchDatabase;
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`bench: --replicas must be a whole number ≥ 1, not ${values.replicas}`);
  if (database !== "pglite" && database !== "postgres15") throw new Error(`bench: --database is pglite or postgres15, not ${database}`);

  if (replicas > 1) {
    process.stdout.write(await benchSlackReplicas({ replicas, inFlight, rounds, questions, logger, secret: SECRET, databaseUrl: config.database?.url, database }));
    return 0;
  }

  const docent = await openDocent(config);
  const fake = await startFakeSlack();
  // An in-memory store: the benchmark's answers must not land in the product's quality records.
  const records = openRecordStore(":memory:");
  const slack = await startSlackApp({
    config: { mode: "http", botToken: "xoxb-bench", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, askEphemeral: true, adminUserIds: [] },
    asker: docent,
    records,
    rateLimiter: createRateLimiter({ limit: 1_000_000, windowMs: 60_000 }),
    limits: { ...config.answer },
    logger,
    clientOptions: { retryConfig: { retries: 0 } },
    host: "127.0.0.1",
  });
  const url = `http://127.0.0.1:${slack.port}/slack/events`;

  let sent = 0;
  const ackMs: number[] = [];
  const answerMs: number[] = [];
  const round = async (size: number) => {
    const ids = Array.from({ length: size }, () => `bench-${++sent}`);
    const bodies = ids.map((id, i) =>
      slashCommandBody({
        text: questions[(sent + i) % questions.length]!,
        userId: `UBENCH${id}`,
        channelId: "CBENCH",
        responseUrl: fake.responseUrl(id),
      }),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", LOAD_CLIENT, JSON.stringify({ url, secret: SECRET, bodies })], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(stdout) as Array<{ sentAt: number; ackedAt: number; status: number }>;
    await until(() => ids.every((id) => fake.responses.some((r) => r.id === id)));
    return results.map((r, i) => {
      if (r.status !== 200) throw new Error(`bench: /ask got HTTP ${r.status}`);
      const answeredAt = fake.responses.find((x) => x.id === ids[i])!.receivedAt;
      return { ack: r.ackedAt - r.sentAt, answer: answeredAt - r.sentAt };
    });
  };

  try {
    await round(1); // warm-up: first use of the embedder and the index
    for (let i = 0; i < rounds; i++) {
      for (const r of await round(inFlight)) {
        ackMs.push(r.ack);
        answerMs.push(r.answer);
      }
    }
  } finally {
    await slack.stop();
    await fake.close();
    records.close();
    await docent.close();
  }

  const info = docent.info();
  process.stdout.write(
    [
      `Slack /ask: ${rounds} rounds × ${inFlight} commands in flight; index ${info.generation} (${info.chunks} chunks, ${info.embedder})`,
      `  ack    (signed POST → HTTP 200):         p50 ${pct(ackMs, 50)} ms   p99 ${pct(ackMs, 99)} ms   max ${pct(ackMs, 100)} ms`,
      `  answer (signed POST → response_url post): p50 ${pct(answerMs, 50)} ms   p99 ${pct(answerMs, 99)} ms   max ${pct(answerMs, 100)} ms`,
      `  target: ack p99 ≤ 300 ms (Slack's limit: 3,000 ms)`,
      "",
    ].join("\n"),
  );
  return 0;
});

function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (done() ? resolve() : setTimeout(tick, 5));
    tick();
  });
}

function pct(values: number[], p: number): string {
  return percentile(values, p).toFixed(1);
}
