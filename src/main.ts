// npm start: opens the index (building it first if there is none), then runs every configured chat adapter
// in this one process — Discord and/or Slack — or, with none configured, an interactive terminal prompt.
import { join } from "node:path";
import { parseCommandLine } from "./cli-args.js";
import { environment, loadConfig, type Config } from "./config.js";
import {
  createAnswerer,
  createEmbedder,
  createReindexRunner,
  createRateLimiter,
  ingestKnowledge,
  openDocent,
  openRecordStore,
  type Embedder,
} from "./core/index.js";
import { isAppError } from "./errors.js";
import { createProgressReporter, formatIngestSummary } from "./adapters/cli/ingest-progress.js";
import { runInteractivePrompt } from "./adapters/cli/interactive-prompt.js";
import { startDiscordBot } from "./adapters/discord/start-discord-bot.js";
import { startSlackApp } from "./adapters/slack/start-slack-app.js";
import { createLogger, createRootLogger } from "./logger.js";
import { runEntry } from "./run-entry.js";

runEntry(async () => {
  const { overrides } = parseCommandLine(process.argv.slice(2), {});
  const config = loadConfig(environment(), overrides);
  createRootLogger(config.logLevel);
  const log = createLogger("main");
  const embedder = await createEmbedder(config.embeddings);
  if (embedder.notice) log.warn(embedder.notice);
  const docent = await openOrBuild(config, embedder);
  // One re-index at a time (chat command, schedule); the running Docent switches to its result by itself.
  const reindexer = createReindexRunner(config, docent.embedder, { docent, logger: createLogger("reindex") });
  const stopSchedule = reindexer.schedule(config.reindexIntervalMinutes);
  const records = openRecordStore(join(config.dataDir, "docent.sqlite"));
  // Records older than RECORD_RETENTION_DAYS go at start and then daily, whether or not reports are run.
  const purge = () => {
    const purged = records.applyRetention(config.records.retentionDays);
    if (purged.answers > 0) log.info({ ...purged, retentionDays: config.records.retentionDays }, "old records deleted");
  };
  purge();
  const purgeTimer = setInterval(purge, 24 * 60 * 60 * 1000);
  purgeTimer.unref();
  const rateLimiter = createRateLimiter({ limit: config.rateLimitPerMinute, windowMs: 60_000 });
  const limits = {
    maxQuestionChars: config.answer.maxQuestionChars,
    timeoutMs: config.answer.timeoutMs,
    historyMaxTurns: config.answer.historyMaxTurns,
    streamEditIntervalMs: config.streamEditIntervalMs,
  };
  const stops: (() => Promise<void>)[] = [];

  const shutdown = async () => {
    clearInterval(purgeTimer);
    stopSchedule();
    for (const stop of stops) await stop().catch((error: unknown) => log.error({ err: error }, "adapter did not stop cleanly"));
    await reindexer.idle();
    await docent.close();
    records.close();
  };
  try {
    if (config.discord) {
      const bot = await startDiscordBot({
        config: config.discord,
        asker: docent,
        records,
        rateLimiter,
        limits,
        reindex: reindexer.run,
        logger: createLogger("discord"),
      });
      stops.push(bot.stop);
    }
    if (config.slack) {
      const app = await startSlackApp({
        config: config.slack,
        asker: docent,
        records,
        rateLimiter,
        limits,
        reindex: reindexer.run,
        logger: createLogger("slack"),
      });
      stops.push(app.stop);
    }
  } catch (error) {
    // Whatever did start (a gateway connection, the index watcher) would keep the process alive: stop it,
    // so the exit status reaches the supervisor.
    await shutdown();
    throw error;
  }
  if (stops.length === 0) {
    await runInteractivePrompt({ asker: docent, records, historyMaxTurns: config.answer.historyMaxTurns });
    await shutdown();
    return;
  }
  log.info({ adapters: [config.discord && "discord", config.slack && "slack"].filter(Boolean) }, "Docent is running");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  log.info("shutting down");
  await shutdown();
});

async function openOrBuild(config: Config, embedder: Embedder) {
  try {
    return await openDocent(config, { embedder, answerer: createAnswerer(config), watch: true });
  } catch (error) {
    if (!isAppError(error, "index_missing")) throw error;
  }
  process.stderr.write(`No index in ${config.indexDir} yet: building it from ${config.knowledgeDir} …\n`);
  const progress = createProgressReporter();
  const summary = await ingestKnowledge(config, embedder, { onProgress: progress.onProgress }).finally(progress.stop);
  process.stderr.write(`${formatIngestSummary(summary)}\n`);
  return openDocent(config, { embedder, answerer: createAnswerer(config), watch: true });
}
