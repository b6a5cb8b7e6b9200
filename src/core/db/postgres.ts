// Postgres for DATABASE_URL: a connection pool that is checked at once (a down database is one readable line,
// not a stack later), and the schema brought up to date with the versioned migrations in migrations/
// (node-pg-migrate, run at start by whichever process comes first; the others wait for its lock).
import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import pg from "pg";
import type { DatabaseConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import type { Logger } from "../../logger.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../migrations", import.meta.url));
export const MIGRATIONS_TABLE = "docent_migrations";
const CONNECT_TIMEOUT_MS = 10_000;

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** The URL without its password, for messages and logs. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    u.search = "";
    return u.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

export interface OpenPoolOptions {
  logger: Logger;
  /** Runs on every new connection before its first query (session settings). */
  onConnect?: (client: pg.PoolClient) => void;
  /** Apply migrations (default true). */
  migrate?: boolean;
}

/** Opens a pool, proves the database answers, and migrates it; any failure is one AppError line. */
export async function openPool(config: Pick<DatabaseConfig, "url" | "poolMax">, options: OpenPoolOptions): Promise<pg.Pool> {
  const where = describeDatabase(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: "docent",
  });
  // An idle connection that dies (a restarted server) must not crash the process; the next query reconnects.
  pool.on("error", (error) => options.logger.warn({ err: error, database: where }, "database: an idle connection failed"));
  // Nor one that dies while checked out between two queries (pg-pool listens only to idle ones, and an
  // 'error' event without a listener ends the process): the query in flight, or the next one, fails with
  // the reason, and the pool drops the connection when it is released.
  pool.on("connect", (client) =>
    client.on("error", (error) => options.logger.warn({ err: error, database: where }, "database: a connection in use failed")),
  );
  if (options.onConnect) pool.on("connect", options.onConnect);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw unavailable(`cannot connect to ${where}`, error, "check DATABASE_URL and that the server is running");
  }
  if (options.migrate !== false) {
    try {
      await migrate(pool, options.logger);
    } catch (error) {
      await pool.end().catch(() => {});
      if (error instanceof AppError) throw error;
      throw unavailable(`cannot bring the schema of ${where} up to date`, error, "see the migration error above; the role needs CREATE rights and the vector extension (pgvector) must be installable");
    }
  }
  return pool;
}

/** Applies the pending migrations; returns their names. Concurrent starts wait for each other's lock. */
export async function migrate(pool: pg.Pool, logger: Logger): Promise<string[]> {
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction: "up",
      count: Infinity,
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: "wait",
      logger: {
        debug: (msg: string) => logger.debug(msg),
        info: (msg: string) => logger.debug(msg),
        warn: (msg: string) => logger.warn(msg),
        error: (msg: string) => logger.error(msg),
      },
    });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, "database: schema migrated");
    return applied.map((m) => m.name);
  } finally {
    client.release();
  }
}

/** Runs `work` in a transaction on one client of the pool (every query of it must use that client). */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export function unavailable(what: string, error: unknown, fix: string): AppError {
  const e = error as { code?: string; message?: string };
  const reason = [e?.code, e?.message?.split("\n")[0]].filter((s) => s && s.length > 0).join(": ") || String(error);
  return new AppError("database_unavailable", `database: ${what} (${reason}); ${fix}`, { cause: error });
}
