// npm run records:copy [-- --from <DATA_DIR/docent.sqlite>]
// Copies the record store's history (answers, votes, and the key of their member hashes) from the SQLite file
// into the Postgres database of DATABASE_URL, for an operator moving a running community from files to
// Postgres. The work is src/core/records/copy-records.ts; this file reads the command line and prints the outcome.
import { join, resolve } from "node:path";
import { environment, loadConfig } from "../src/config.js";
import { copyRecordsToPostgres } from "../src/core/records/copy-records.js";
import { AppError } from "../src/errors.js";
import { createLogger, createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";
import { exitWithUsageIfAsked, parseArgsOrExit } from "./usage.js";

exitWithUsageIfAsked(`usage: npm run records:copy -- [--from <file>]
Copies the answers, votes and member-hash key of the SQLite record store (default DATA_DIR/docent.sqlite, its key
in record-key beside it) into the Postgres database of DATABASE_URL, in one transaction, after migrating it.
The file is only read. Running it again copies only what is new (a newer vote replaces an older one).
Refuses, copying nothing, when Postgres already holds records hashed with another key.
Stop the Docent processes that write the file first (or run it once more after they stop).`);
const { values } = parseArgsOrExit("records:copy", { options: { from: { type: "string" } } });

runEntry(async () => {
  const config = loadConfig(environment());
  createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  if (!config.database)
    throw new AppError("config_invalid", "records:copy: DATABASE_URL is not set; set it to the Postgres database to copy into (postgres://user:password@host:5432/db)");
  const from = resolve(values.from ?? join(config.dataDir, "docent.sqlite"));
  const outcome = await copyRecordsToPostgres({ from, database: config.database, logger: createLogger("records") });

  const { answers, votes } = outcome;
  if (outcome.key === "untouched") {
    process.stdout.write(`records:copy: ${from} holds no answers; nothing to copy, ${outcome.database} left as it was\n`);
    return 0;
  }
  const key = {
    copied: "the member-hash key copied with them",
    same: "the member-hash key was already the file's",
    replaced: "the member-hash key Postgres had (no records used it) replaced by the file's",
  }[outcome.key];
  process.stdout.write(
    `records:copy: ${from} → ${outcome.database}\n` +
      `  answers: ${answers.added} added, ${answers.read - answers.added} already there (of ${answers.read})\n` +
      `  votes: ${votes.added} added, ${votes.updated} updated to the file's newer vote, ${votes.read - votes.added - votes.updated} unchanged (of ${votes.read})\n` +
      `  ${key}\n`,
  );
  // A process that started on Postgres before the copy read the old key at start and would go on hashing with it.
  if (outcome.key === "replaced")
    process.stdout.write("  Restart any Docent process already running on this database: it still holds the key it replaced.\n");
  return 0;
});
