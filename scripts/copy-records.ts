// npm run records:copy [-- --from <DATA_DIR/docent.sqlite>] [--index <dir>]
// Copies the record store's history (answers, votes, and the key of their member hashes) and the announcement
// history kept in the same file from the SQLite file into the Postgres database of DATABASE_URL, for an operator
// moving a running community from files to Postgres. The work is src/core/records/copy-records.ts; this file reads the command line and prints the outcome.
import { join, resolve } from "node:path";
import { environment, loadConfig } from "../src/config.js";
import { copyRecordsToPostgres } from "../src/core/records/copy-records.js";
import { AppError } from "../src/errors.js";
import { createLogger, createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";
import { exitWithUsageIfAsked, parseArgsOrExit } from "./usage.js";

exitWithUsageIfAsked(`usage: npm run records:copy -- [--from <file>] [--index <dir>]
Copies the answers, votes and member-hash key of the SQLite record store (default DATA_DIR/docent.sqlite, its key
in record-key beside it) into the Postgres database of DATABASE_URL, in one transaction, after migrating it,
with the announcement history kept in the same file (which channels were set up, what was announced in each),
into the index DATABASE_INDEX names (or --index <dir>, as given to npm start), so channels are not set up afresh.
The file is only read. Running it again copies only what is new (a newer vote replaces an older one).
Refuses, copying nothing, when Postgres already holds records hashed with another key.
Stop the Docent processes that write the file first (or run it once more after they stop).`);
const { values } = parseArgsOrExit("records:copy", { options: { from: { type: "string" }, index: { type: "string" } } });

runEntry(async () => {
  // --index names the index as npm start's does, so the announcement history lands where the announcer reads it.
  const config = loadConfig(environment(), values.index === undefined ? {} : { indexDir: values.index });
  createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  if (!config.database)
    throw new AppError("config_invalid", "records:copy: DATABASE_URL is not set; set it to the Postgres database to copy into (postgres://user:password@host:5432/db)");
  const from = resolve(values.from ?? join(config.dataDir, "docent.sqlite"));
  const outcome = await copyRecordsToPostgres({ from, database: config.database, logger: createLogger("records") });

  const { answers, votes, announcements } = outcome;
  const announced = announcements ? announcements.targets.read + announcements.documents.read : 0;
  if (outcome.key === "untouched" && announced === 0) {
    process.stdout.write(`records:copy: ${from} holds no answers and no announcement history; nothing to copy, ${outcome.database} left as it was\n`);
    return 0;
  }
  const key = {
    copied: "the member-hash key copied with them",
    same: "the member-hash key was already the file's",
    replaced: "the member-hash key Postgres had (no records used it) replaced by the file's",
    untouched: "no answers in the file: the member-hash key left as it was",
  }[outcome.key];
  const history = announcements
    ? `  announced channels: ${announcements.targets.added} added, ${announcements.targets.read - announcements.targets.added} already there (of ${announcements.targets.read}), index ${announcements.index}\n` +
      `  announced documents: ${announcements.documents.added} added, ${announcements.documents.read - announcements.documents.added} already there (of ${announcements.documents.read})\n`
    : "  announcement history: none in the file (no announcer ran on it)\n";
  process.stdout.write(
    `records:copy: ${from} → ${outcome.database}\n` +
      `  answers: ${answers.added} added, ${answers.read - answers.added} already there (of ${answers.read})\n` +
      `  votes: ${votes.added} added, ${votes.updated} updated to the file's newer vote, ${votes.read - votes.added - votes.updated} unchanged (of ${votes.read})\n` +
      history +
      `  ${key}\n`,
  );
  // A process that started on Postgres before the copy read the old key at start and would go on hashing with it.
  if (outcome.key === "replaced")
    process.stdout.write("  Restart any Docent process already running on this database: it still holds the key it replaced.\n");
  return 0;
});
