// Opens the record store's SQLite file and makes sure it is a usable database. A file that is not one
// (random bytes, a failed copy), is damaged, or was emptied to 0 bytes is moved aside as
// `<file>.corrupt-<timestamp>` (with its -wal/-shm companions), reported loudly, and a new store is started
// in its place — never silently. Errors that moving cannot fix (permissions, a full disk) stop the start.
// `npm run records:copy` opens the file read-only instead (openDatabaseReadOnly): the same damage check, but
// a damaged file is an error and nothing is moved.
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
    return quickCheck(db);
  } catch (error) {
    const problem = corruption(error);
    if (problem) return problem;
    throw unavailable(file, error);
  } finally {
    db?.close();
  }
}

/** SQLite's own check of the file's structure: undefined when it is healthy, else what it found. */
function quickCheck(db: Database.Database): string | undefined {
  const check = db.pragma("quick_check", { simple: true }) as string;
  return check === "ok" ? undefined : `quick_check: ${check}`;
}

/** The message of an error that says the file is not a (healthy) database; undefined for any other error. */
function corruption(error: unknown): string | undefined {
  const code = (error as { code?: string }).code ?? "";
  return CORRUPT_CODES.has(code) ? (error as Error).message : undefined;
}

/** Opens an existing store file only to read it (`npm run records:copy`): never created, moved, repaired or
 *  written — SQLite may add its -wal/-shm companions beside it, as any reader of a WAL database does. A missing,
 *  empty or damaged file is one error line, `<who>: <file>: …`, that says what to do. */
export function openDatabaseReadOnly(file: string, who: string): Database.Database {
  if (!existsSync(file))
    throw new AppError("record_store_unavailable", `${who}: ${file}: no such file. Fix: name the record store with --from (default DATA_DIR/docent.sqlite).`);
  const damaged = (problem: string, cause?: unknown) =>
    new AppError(
      "record_store_unavailable",
      `${who}: ${file}: not a usable record store (${problem}). Nothing was read from it; restore it from a backup, or copy from another file with --from.`,
      { cause },
    );
  if (statSync(file).size === 0) throw damaged("the file is empty (0 bytes)");
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problem = quickCheck(db);
    if (problem) throw damaged(problem);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof AppError) throw error;
    const problem = corruption(error);
    if (problem) throw damaged(problem, error);
    const code = (error as { code?: string }).code ?? "error";
    throw new AppError(
      "record_store_unavailable",
      `${who}: ${file}: cannot open it for reading (${code}: ${(error as Error).message}). Fix: check that this user may read the file and its folder.`,
      { cause: error },
    );
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
