// npm start: opens the index (building it first if there is none), then runs every configured chat adapter
// in this one process — Discord and/or Slack — or, with none configured, an interactive terminal prompt.
//
// Start-up: if any configured adapter cannot start, the others are stopped and the process exits non-zero with
// one line per cause (a supervisor restarts it or alerts). Once running, a platform whose connection is lost
// for good is logged as an error and reported down on /readyz while the others keep serving.
// Shutdown (SIGTERM/SIGINT): no new questions, questions in flight get a grace period and are then apologised
// for, gateways and servers close, stores are closed, exit 0 — all within SHUTDOWN_DEADLINE_MS, or exit 1.
import { writeSync } from "node:fs";
import { parseCommandLine } from "./cli-args.js";
import { environment, loadConfig, withoutChatPlatforms, type Config, type CoreConfig } from "./config.js";
import {
  createAnswerer,
  createEmbedder,
  createReindexRunner,
  createRateLimiter,
  createSharedRateLimiter,
  ingestKnowledge,
  openDocent,
  openRecords,
  openSharedState,
  type Embedder,
  openAnnouncer,
  type Announcer,
} from "./core/index.js";
import { AppError, isAppError } from "./errors.js";
import { createProgressReporter, formatIngestSummary } from "./adapters/cli/ingest-progress.js";
import { runInteractivePrompt } from "./adapters/cli/interactive-prompt.js";
import type { DiscordBotDeps } from "./adapters/discord/start-discord-bot.js";
import { createLogger, createRootLogger, type Logger } from "./logger.js";
import { healthRoutes } from "./ops/health-routes.js";
import { startOpsServer } from "./ops/http-server.js";
import { createInFlight } from "./ops/in-flight.js";
import { metrics } from "./ops/metrics.js";
import { questionGate } from "./ops/question-gate.js";
import { readiness } from "./ops/readiness.js";
import { bounded, startAll } from "./ops/start-all.js";
import { watchStopSignals } from "./ops/stop-signals.js";
import { runEntry } from "./run-entry.js";

/** The whole shutdown, questions in flight included; past it the process exits 1 anyway. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/** How long questions in flight may still take to be answered once a shutdown starts; then they are apologised for. */
const QUESTION_GRACE_MS = 4_000;
/** How long an adapter may take to send its last answers and apologies and close its connection. */
const ADAPTER_STOP_MS = 3_000;
/** A re-index in progress is not waited for longer than this: an interrupted one leaves the live index untouched. */
const REINDEX_WAIT_MS = 500;

interface Adapter {
  name: "discord" | "slack";
  stop(): Promise<void>;
}

const USAGE = `usage: npm start [-- --knowledge <dir> --index <dir>]
Runs every configured chat adapter in one process (Discord with DISCORD_TOKEN, Slack with SLACK_BOT_TOKEN), or
a terminal prompt when none is configured; builds the index first if there is none. Settings come from the
environment or .env (see .env.example); with HTTP_PORT, /healthz, /readyz and /metrics are served there.
Stops cleanly on SIGTERM or SIGINT.
  --knowledge <dir>   the knowledge directory (default KNOWLEDGE_DIR)
  --index <dir>       the index directory (default INDEX_DIR)`;

runEntry(start, { name: "npm start", exit: true });

async function start(): Promise<void> {
  const { values, overrides } = parseCommandLine(process.argv.slice(2), {});
  // Written synchronously: the process exits as soon as start() returns.
  if (values.help) return void writeSync(1, `${USAGE}\n`);
  const config = loadConfig(environment(), overrides);
  createRootLogger(config.logLevel, config.logFormat);
  const log = createLogger("main");
  const signals = watchStopSignals({ name: "npm start", deadlineMs: SHUTDOWN_DEADLINE_MS });
  /** What to close at the end (or after a failed start), last opened first. */
  const closers: [string, () => Promise<unknown> | unknown][] = [];
  const closeAll = async () => {
    for (const [what, close] of closers.splice(0).reverse())
      await Promise.resolve()
        .then(close)
        .catch((error: unknown) => log.error({ err: error, what }, "did not close cleanly"));
  };

  try {
    watchPlatformMetrics();
    readiness.expect("index", "loading the index");
    if (config.discord) readiness.expect("discord", "connecting");
    if (config.slack) readiness.expect("slack", "connecting");
    // Served from the start, so liveness answers while a first index build runs.
    if (config.http) {
      const ops = await startOpsServer({ ...config.http, routes: healthRoutes(), logger: createLogger("http") });
      closers.push(["http server", ops.close]);
    }

    // The core gets no chat platform's settings; each of its functions reads its own slice of the rest.
    const core = withoutChatPlatforms(config);
    const embedder = await createEmbedder(core.embeddings);
    if (embedder.notice) log.warn(embedder.notice);
    const docent = await openOrBuild(core, embedder);
    closers.push(["index", () => docent.close()]);
    readiness.up("index", `generation ${docent.info().generation}`);
    metrics.trackIndex(() => docent.info());

    // DATA_DIR/docent.sqlite, or Postgres with DATABASE_URL (shared by every replica).
    const records = await openRecords(config, { logger: createLogger("records") });
    closers.push(["record store", () => records.close()]);
    // What replicas must agree on (Slack's event de-duplication and replay protection, answered threads, rate
    // limits): in Postgres with DATABASE_URL, otherwise in this process's memory.
    const sharedState = await openSharedState(config, { logger: createLogger("shared-state") });
    closers.push(["shared state", () => sharedState.close()]);
    const rateLimit = { limit: config.rateLimitPerMinute, windowMs: 60_000 };
    // One re-index at a time (chat command, schedule); the running Docent switches to its result by itself.
    // New documents are announced in ANNOUNCE_*_CHANNELS after each switch to a new generation (a re-index here,
    // or `npm run ingest` elsewhere) and after each re-index run; what was announced is kept beside the records
    // (DATA_DIR/docent.sqlite, or Postgres with DATABASE_URL, where replicas announce each document once).
    const announcer = await openAnnouncer(
      {
        dataDir: core.dataDir,
        indexDir: core.indexDir,
        ...(core.database ? { database: core.database } : {}),
        channels: { discord: config.announce.discordChannels, slack: config.announce.slackChannels },
      },
      { docent },
    );
    if (announcer) closers.push(["announcements", () => announcer.close()]);
    const reindexer = createReindexRunner(core, docent.embedder, {
      docent,
      logger: createLogger("reindex"),
      onRun: metrics.observeReindex,
      ...(announcer ? { afterRun: () => announcer.afterReindex() } : {}),
    });
    const stopSchedule = reindexer.schedule(config.reindexIntervalMinutes);
    closers.push(["re-index", () => (stopSchedule(), bounded(reindexer.idle(), REINDEX_WAIT_MS))]);
    // Records older than RECORD_RETENTION_DAYS go at start and then daily, whether or not reports are run.
    const purge = async () => {
      const purged = await records.applyRetention(config.records.retentionDays);
      if (purged.answers > 0) log.info({ ...purged, retentionDays: config.records.retentionDays }, "old records deleted");
    };
    await purge();
    // A failed daily purge (e.g. the database briefly unreachable) is logged; the next day's tries again.
    const purgeTimer = setInterval(() => void purge().catch((error: unknown) => log.error({ err: error }, "could not delete old records")), 24 * 60 * 60 * 1000);
    purgeTimer.unref();
    closers.push(["retention timer", () => clearInterval(purgeTimer)]);

    const shared = {
      asker: docent,
      records,
      rateLimiter: sharedState.kind === "postgres" ? createSharedRateLimiter(sharedState, rateLimit) : createRateLimiter(rateLimit),
      sharedState,
      limits: {
        maxQuestionChars: config.answer.maxQuestionChars,
        timeoutMs: config.answer.timeoutMs,
        historyMaxTurns: config.answer.historyMaxTurns,
        streamEditIntervalMs: config.streamEditIntervalMs,
      },
      reindex: reindexer.run,
      tasks: docent.tasks,
    };
    const adapters = await startAll<Adapter>(
      [
        ...(config.discord ? [{ name: "discord", start: () => startDiscord(config, shared, announcer) }] : []),
        ...(config.slack ? [{ name: "slack", start: () => startSlack(config, shared, announcer) }] : []),
      ],
      { logger: log, stopTimeoutMs: ADAPTER_STOP_MS },
    );
    signals.running();

    if (adapters.length === 0) {
      await Promise.race([runInteractivePrompt({ asker: docent, tasks: docent.tasks, records, historyMaxTurns: config.answer.historyMaxTurns }), signals.received]);
      signals.stopping();
      await closeAll();
      return;
    }
    log.info({ adapters: adapters.map((a) => a.name) }, "Docent is running");
    const signal = await signals.received;
    readiness.stopping();
    log.info({ signal, questionsInFlight: questionGate.inFlight }, "shutting down: taking no new questions");
    const questions = await questionGate.close(QUESTION_GRACE_MS);
    if (questions.cancelled > 0) log.warn(questions, "shutdown: questions still running after the grace period were apologised for");
    await Promise.all(adapters.map((a) => bounded(a.stop(), ADAPTER_STOP_MS).catch((error: unknown) => log.error({ err: error, adapter: a.name }, "did not stop cleanly"))));
    await closeAll();
    log.info({ signal, ...questions }, "stopped");
  } catch (error) {
    // Whatever did start (the index watcher, the HTTP server) would keep the process alive: close it, so the
    // exit status reaches the supervisor.
    signals.stopping();
    await closeAll();
    throw error;
  }
}

type Shared = Omit<DiscordBotDeps, "config" | "logger">;

// Each platform's SDK is loaded only when it is configured: a failing start is reported sooner.
async function startDiscord(config: Config, shared: Shared, announcer?: Announcer): Promise<Adapter> {
  const { startDiscordBot } = await import("./adapters/discord/start-discord-bot.js");
  const bot = await startDiscordBot({
    ...shared,
    config: config.discord!,
    logger: createLogger("discord"),
    onConnectionChange: (up, reason) => (up ? readiness.up("discord") : readiness.down("discord", reason ?? "disconnected")),
  });
  const { discordAnnouncementPoster } = await import("./adapters/discord/announce.js");
  const detach = announcer?.attach("discord", discordAnnouncementPoster(bot.client));
  return { name: "discord", stop: () => (detach?.(), bot.stop(ADAPTER_STOP_MS - 1_000)) };
}

async function startSlack(config: Config, shared: Shared, announcer?: Announcer): Promise<Adapter> {
  const { startSlackApp } = await import("./adapters/slack/start-slack-app.js");
  const logger = createLogger("slack");
  const handle = await startSlackApp({ ...shared, config: config.slack!, logger });
  readiness.up("slack");
  // Listeners still sending an answer are waited for at shutdown, as on Discord.
  const handlers = createInFlight();
  handle.app.use(async ({ next }) => {
    await handlers.track(next());
  });
  watchSlackSocket(handle.app, logger);
  const { slackAnnouncementPoster } = await import("./adapters/slack/announce.js");
  const detach = announcer?.attach("slack", slackAnnouncementPoster(handle.app.client));
  return {
    name: "slack",
    async stop() {
      detach?.();
      await handlers.idle(ADAPTER_STOP_MS - 1_000);
      await handle.stop();
    },
  };
}

/** Socket Mode: the connection's state feeds /readyz (Bolt keeps the client on its receiver). */
function watchSlackSocket(app: unknown, logger: Logger): void {
  const client = (app as { receiver?: { client?: { on?: (event: string, listener: () => void) => unknown } } }).receiver?.client;
  if (typeof client?.on !== "function") return;
  client.on("connected", () => readiness.up("slack"));
  client.on("reconnecting", () => {
    logger.warn("slack: Socket Mode connection lost; reconnecting");
    readiness.down("slack", "Socket Mode connection lost; reconnecting");
  });
}

/** docent_platform_up follows each platform's readiness. */
function watchPlatformMetrics(): void {
  readiness.onChange((part, check) => {
    if (part === "discord" || part === "slack") metrics.platformUp.set({ platform: part }, check.ready ? 1 : 0);
  });
}

async function openOrBuild(config: CoreConfig, embedder: Embedder) {
  try {
    return await open(config, embedder);
  } catch (error) {
    if (!isAppError(error, "index_missing")) throw error;
  }
  process.stderr.write(`No index in ${config.indexDir} yet: building it from ${config.knowledgeDir} …\n`);
  const progress = createProgressReporter();
  const summary = await ingestKnowledge(config, embedder, { onProgress: progress.onProgress }).finally(progress.stop);
  process.stderr.write(`${formatIngestSummary(summary)}\n`);
  return open(config, embedder);
}

async function open(config: CoreConfig, embedder: Embedder) {
  try {
    // The core reports failed model requests; the metrics are the process's (the core never imports src/ops).
    const answerer = createAnswerer(config, { onModelError: () => metrics.modelErrors.inc() });
    return await openDocent(config, { embedder, answerer, watch: true });
  } catch (error) {
    if (isAppError(error)) throw error;
    // A damaged file (a truncated chunks.sqlite or vectors.hnsw) surfaces as a raw library error.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AppError(
      "index_corrupt",
      `index: cannot open the index in ${config.indexDir} (${message}). Fix: rebuild it with \`npm run ingest -- --full\`.`,
      { cause: error },
    );
  }
}
