// One Docent replica for `npm run bench:slack -- --replicas N`, in a process of its own as in a deployment:
// the real core on INDEX_DIR (or DATABASE_URL's index), the Slack adapter in HTTP mode against the bench's
// fake Slack, and the shared state in the bench's database. Prints {"url"} once it listens; exits on SIGTERM.
//   node --import tsx scripts/bench/slack-replica-process.ts '<json: apiUrl, databaseUrl, migrate, secret>'
import pg from "pg";
import { startSlackApp } from "../../src/adapters/slack/start-slack-app.js";
import { environment, loadConfig } from "../../src/config.js";
import { openPool } from "../../src/core/db/postgres.js";
import { createSharedRateLimiter, openDocent, openRecordStore } from "../../src/core/index.js";
import { createPostgresSharedState } from "../../src/core/shared-state/postgres-shared-state.js";
import { createRootLogger } from "../../src/logger.js";

const { apiUrl, databaseUrl, migrate, secret } = JSON.parse(process.argv[2]!) as { apiUrl: string; databaseUrl: string; migrate: boolean; secret: string };
const config = loadConfig(environment());
const logger = createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
const docent = await openDocent(config);
const pool = migrate ? await openPool({ url: databaseUrl, poolMax: 10 }, { logger }) : new pg.Pool({ connectionString: databaseUrl, max: 10 });
const state = createPostgresSharedState(pool, { sweepIntervalMs: 0, logger });
// In memory: the benchmark's answers must not land in the product's quality records.
const records = openRecordStore(":memory:");
const handle = await startSlackApp({
  config: { mode: "http", botToken: "xoxb-bench", signingSecret: secret, port: 0, apiUrl, askEphemeral: true, adminUserIds: [] },
  asker: docent,
  records,
  rateLimiter: createSharedRateLimiter(state, { limit: 1_000_000, windowMs: 60_000 }),
  sharedState: state,
  limits: { ...config.answer },
  logger,
  clientOptions: { retryConfig: { retries: 0 } },
  host: "127.0.0.1",
});
const info = docent.info();
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${handle.port}/slack/events`, index: `${info.generation} (${info.chunks} chunks, ${info.embedder})` })}\n`);

process.once("SIGTERM", () => {
  void (async () => {
    await handle.stop().catch(() => {});
    await state.close().catch(() => {});
    await pool.end().catch(() => {});
    records.close();
    await docent.close().catch(() => {});
    process.exit(0);
  })();
});
