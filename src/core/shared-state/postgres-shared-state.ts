// SharedState in Postgres (tables from migrations/1767225600010_shared-state.sql), for replicas.
// Every operation is ONE autocommit statement — no transaction spans two queries — so it behaves the same on
// a real server (each pooled connection its own session) and on PGlite (all connections on one session).
//  - claimOnce: INSERT … ON CONFLICT DO UPDATE … WHERE expired. A live claim conflicts and returns no row;
//    two sessions inserting one key at once are ordered by the unique index (the second waits for the first
//    to commit, then sees its row), so exactly one wins.
//  - takeToken: docent_take_token() locks the member's row for the decision.
//  - Expiry is by the database's clock (one clock for all replicas); expired rows are swept every minute.
import type pg from "pg";
import type { Logger } from "../../logger.js";
import type { SharedState } from "./shared-state.js";

const SWEEP_INTERVAL_MS = 60_000;

const CLAIM = `INSERT INTO docent_claims AS c (key, expires_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE c.expires_at <= clock_timestamp()
RETURNING 1`;
const REMEMBER = `INSERT INTO docent_claims AS c (key, expires_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET expires_at = greatest(c.expires_at, excluded.expires_at)`;
const HAS = `SELECT 1 FROM docent_claims WHERE key = $1 AND expires_at > clock_timestamp()`;
const TAKE = `SELECT allowed, retry_after_ms FROM docent_take_token($1, $2, $3)`;
const SWEEP = [
  `DELETE FROM docent_claims WHERE expires_at <= clock_timestamp()`,
  `DELETE FROM docent_rate_limits WHERE expires_ms <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint`,
];

export interface PostgresSharedStateOptions {
  logger?: Logger;
  /** End the pool on close (when the state opened it). */
  ownsPool?: boolean;
  /** Sweep expired rows every this many ms (default a minute; 0 = never, for tests). */
  sweepIntervalMs?: number;
}

export interface PostgresSharedState extends SharedState {
  /** Deletes expired rows now; resolves to how many went. */
  sweep(): Promise<number>;
}

export function createPostgresSharedState(pool: pg.Pool, options: PostgresSharedStateOptions = {}): PostgresSharedState {
  const ttl = (ms: number) => Math.max(0, Math.round(ms));
  const sweep = async () => {
    let n = 0;
    for (const sql of SWEEP) n += (await pool.query(sql)).rowCount ?? 0;
    return n;
  };
  const every = options.sweepIntervalMs ?? SWEEP_INTERVAL_MS;
  const timer = every > 0 ? setInterval(() => void sweep().catch((error: unknown) => options.logger?.warn({ err: error }, "shared state: could not delete expired rows")), every) : undefined;
  timer?.unref();
  return {
    kind: "postgres",
    async claimOnce(key, ttlMs) {
      return ((await pool.query(CLAIM, [key, ttl(ttlMs)])).rowCount ?? 0) === 1;
    },
    async remember(key, ttlMs) {
      await pool.query(REMEMBER, [key, ttl(ttlMs)]);
    },
    async has(key) {
      return ((await pool.query(HAS, [key])).rowCount ?? 0) > 0;
    },
    async takeToken(key, limit, windowMs) {
      const { rows } = await pool.query<{ allowed: boolean; retry_after_ms: string }>(TAKE, [key, limit, ttl(windowMs)]);
      const row = rows[0]!;
      return { allowed: row.allowed, retryAfterMs: Number(row.retry_after_ms) };
    },
    sweep,
    async close() {
      if (timer) clearInterval(timer);
      if (options.ownsPool) await pool.end();
    },
  };
}
