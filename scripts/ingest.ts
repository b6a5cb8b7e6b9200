// npm run ingest [-- --full] [--knowledge <dir>] [--index <dir>]
// Brings the index up to date with the knowledge directory; exits 1 if any file could not be indexed.
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig } from "../src/config.js";
import { createEmbedder, ingestKnowledge } from "../src/core/index.js";
import { createProgressReporter, formatIngestSummary } from "../src/adapters/cli/ingest-progress.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run ingest -- [--full] [--knowledge <dir>] [--index <dir>]
  --full   rebuild the whole index (needed after changing the embedder)`;

runEntry(async () => {
  const { values, overrides } = parseCommandLine(process.argv.slice(2), { full: { type: "boolean" } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadConfig(environment(), overrides);
  createRootLogger(config.logLevel);
  const embedder = await createEmbedder(config.embeddings);
  if (embedder.notice) process.stderr.write(`${embedder.notice}\n`);
  const progress = createProgressReporter();
  const summary = await ingestKnowledge(config, embedder, { full: Boolean(values.full), onProgress: progress.onProgress }).finally(
    progress.stop,
  );
  process.stdout.write(`${formatIngestSummary(summary)}\n`);
  return summary.failed.length > 0 ? 1 : 0;
});
