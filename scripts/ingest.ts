// npm run ingest [-- --full] [--dry-run] [--knowledge <dir>] [--index <dir>]
// Pulls the sources listed in the sources file (feeds, sitemaps, URLs, folders) into the knowledge directory,
// then brings the index up to date with it; exits 1 if any source, page or file failed.
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig, withoutChatPlatforms } from "../src/config.js";
import { createEmbedder, formatSourcesSummary, ingestKnowledge, syncSources } from "../src/core/index.js";
import { formatIngestPreview, previewIngest } from "../src/core/ingest/preview-ingest.js";
import { createProgressReporter, formatIngestSummary } from "../src/adapters/cli/ingest-progress.js";
import { createLogger, createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run ingest -- [--full] [--dry-run] [--knowledge <dir>] [--index <dir>]
  --full      rebuild the whole index (needed after changing the embedder)
  --dry-run   fetch the sources and print what would be added, changed and removed, in the sources and in the
              index (the knowledge folder compared with the index: INDEX_DIR's, or the database's with
              DATABASE_URL); write nothing`;

runEntry(async () => {
  const { values, overrides } = parseCommandLine(process.argv.slice(2), { full: { type: "boolean" }, "dry-run": { type: "boolean" } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = withoutChatPlatforms(loadConfig(environment(), overrides));
  createRootLogger(config.logLevel, config.logFormat);
  const log = createLogger("ingest");
  const dryRun = Boolean(values["dry-run"]);

  // Sources first, so the index update below sees what they brought in. No sources file: nothing to fetch.
  const sources = await syncSources(config, { dryRun });
  if (sources && sources.sources > 0) process.stdout.write(`${formatSourcesSummary(sources)}\n`);
  const sourcesFailed = (sources?.failed.length ?? 0) > 0;
  if (dryRun) {
    const preview = await previewIngest(config);
    process.stdout.write(`${formatIngestPreview(preview)}\n`);
    const pending = (sources?.added.length ?? 0) + (sources?.changed.length ?? 0) + (sources?.removed.length ?? 0);
    if (pending > 0) process.stdout.write("  (what the sources would bring is not on disk yet, so it is not counted above)\n");
    return sourcesFailed || preview.failed.length > 0 ? 1 : 0;
  }

  const embedder = await createEmbedder(config.embeddings);
  // One readable line at a terminal, as `npm start` and `npm run ask` print it.
  if (embedder.notice) log.warn(embedder.notice);
  const progress = createProgressReporter();
  const summary = await ingestKnowledge(config, embedder, { full: Boolean(values.full), onProgress: progress.onProgress }).finally(
    progress.stop,
  );
  process.stdout.write(`${formatIngestSummary(summary)}\n`);
  return summary.failed.length > 0 || sourcesFailed ? 1 : 0;
});
