// Opens the record store's SQLite file and makes sure it is a usable database. A file that is not one
// (random bytes, a failed copy), is damaged, or was emptied to 0 bytes is moved aside as
// `<file>.corrupt-<timestamp>` (with its -wal/-shm companions), reported loudly, and a new store is started
// in its place — never silently. Errors that moving cannot fix (permissions, a full disk) stop the start.
import { existsSync, renameSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { AppError } from "../../errors.js";
import type { Logger } from "../../logger.js";

/** SQLite's answers for a file that is not a (healthy) database. */
const CORRUPT_CODES = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT"]);
const COMPANIONS = ["-wal", "-shm", "-journal"];

export function openDatabase(file: string, logger: Logger, now: () => Date = () => new Date()): Database.Database {
  if (file === ":memory:") return configure(new Database(file));
  const exists = existsSync(file);
  const problem = !exists ? undefined : statSync(file).size === 0 ? "the file is empty (0 bytes)" : probe(file);
  if (problem) {
    const movedTo = moveAside(file, now());
    logger.error(
      { file, movedTo, problem },
      `records: ${file} was not a usable database (${problem}); moved it aside to ${movedTo} and started a new, empty record store. ` +
        "Earlier answers and votes are only in the moved file.",
    );
  }
  try {
    return configure(new Database(file));
  } catch (error) {
    throw unavailable(file, error);
  }
}

function configure(db: Database.Database): Database.Database {
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/** Opens the file once to look at it; returns what is wrong with it, or undefined when it is healthy (or new). */
function probe(file: string): string | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    const check = db.pragma("quick_check", { simple: true }) as string;
    return check === "ok" ? undefined : `quick_check: ${check}`;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (CORRUPT_CODES.has(code)) return (error as Error).message;
    throw unavailable(file, error);
  } finally {
    db?.close();
  }
}

function moveAside(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  try {
    renameSync(file, target);
    // SQLite finds a database's companions by name, so they keep theirs next to the moved file.
    for (const suffix of COMPANIONS) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  } catch (error) {
    throw new AppError(
      "record_store_unavailable",
      `records: ${file} is not a usable database and could not be moved aside (${(error as Error).message}). ` +
        `Fix: move or delete it by hand (keep a copy if its records matter), then start again.`,
      { cause: error },
    );
  }
  return target;
}

function unavailable(file: string, error: unknown): AppError {
  const code = (error as { code?: string }).code ?? "error";
  return new AppError(
    "record_store_unavailable",
    `records: cannot open ${file} (${code}: ${(error as Error).message}). ` +
      "Fix: check that DATA_DIR exists, is writable by this user and its disk is not full.",
    { cause: error },
  );
}
