// npm run report [-- --out <dir>] [--days N] [--index <dir>]
// Writes the quality report from the stored questions, answers and votes of the last N days (default 30):
// report.md (to paste into an issue) and report.html (charts, opens offline). Records older than
// RECORD_RETENTION_DAYS are deleted first, so a report never shows what should already be gone.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig } from "../src/config.js";
import { buildReport, listLiveDocuments, openRecords, renderHtml, renderMarkdown } from "../src/core/index.js";
import { AppError } from "../src/errors.js";
import { createLogger, createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run report -- [--out <dir>] [--days N] [--index <dir>]
Writes <dir>/report.md and <dir>/report.html (default dir: DATA_DIR/report) for the last N days (default 30).
With DATABASE_URL the records and the indexed documents (for the never-cited list) are read from Postgres:
the index DATABASE_INDEX, or the one --index names (its folder's last part).`;
const DAY_MS = 86_400_000;

runEntry(async () => {
  const { values, overrides, positionals } = parseCommandLine(process.argv.slice(2), {
    out: { type: "string" },
    days: { type: "string", default: "30" },
  });
  if (values.help || positionals.length > 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new AppError("config_invalid", `report: --days must be a whole number of days from 1 to 3650, not "${values.days}"`);
  const config = loadConfig(environment(), overrides);
  createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  const log = createLogger("report");

  const now = new Date();
  // The window is whole UTC days, today included, so every chart has exactly `days` bars.
  const firstDay = new Date(Date.parse(now.toISOString().slice(0, 10)) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  // DATA_DIR/docent.sqlite, or Postgres with DATABASE_URL: the store `npm start` records into.
  const records = await openRecords(config);
  let input;
  try {
    const purged = await records.applyRetention(config.records.retentionDays, now);
    if (purged.answers > 0) log.info({ ...purged, retentionDays: config.records.retentionDays }, "deleted records past retention");
    const since = `${firstDay}T00:00:00.000Z`;
    input = { answers: await records.listAnswers({ since }), votes: await records.listVotes({ since }) };
  } finally {
    await records.close();
  }
  // The documents of the index `npm start` answers from: INDEX_DIR, or the database's with DATABASE_URL.
  const index = await listLiveDocuments(config);
  if (!index) log.warn(config.database ? { index: config.database.index } : { indexDir: config.indexDir }, "no index found; the never-cited list is left out");

  const report = buildReport({
    ...input,
    documents: index?.documents,
    firstDay,
    days,
    retentionDays: config.records.retentionDays,
    generatedAt: now.toISOString(),
  });
  const out = resolve(values.out ?? join(config.dataDir, "report"));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "report.md"), renderMarkdown(report));
  await writeFile(join(out, "report.html"), renderHtml(report));
  const t = report.totals;
  process.stdout.write(
    `report: ${t.questions} questions, ${t.answered} answered, ${report.unanswered.length} groups of unanswered questions, ` +
      `${report.downvoted.length} answers voted down (${report.firstDay} to ${report.lastDay})\n` +
      `  ${join(out, "report.md")}\n  ${join(out, "report.html")}\n`,
  );
  return 0;
});
