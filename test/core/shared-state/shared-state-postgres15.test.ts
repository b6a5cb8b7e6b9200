// The shared state's SQL on Debian's PostgreSQL 15, where each connection is its own session (PGlite has
// one session for all, so it cannot show this): two sessions claiming one key at once — one waits on the
// other's uncommitted insert and then sees it — and bursts of claims and tokens from many connections.
// PostgreSQL 15 here has no pgvector, so only the shared-state migration is applied.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../../src/core/db/postgres.js";
import { createPostgresSharedState, type PostgresSharedState } from "../../../src/core/shared-state/postgres-shared-state.js";
import { startSystemPostgres, systemPostgresMissing, type SystemPostgres } from "../../helpers/system-postgres.js";

const missing = systemPostgresMissing();

describe.skipIf(missing !== undefined)(`shared state on PostgreSQL 15${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: SystemPostgres;
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  let a: PostgresSharedState;
  let b: PostgresSharedState;
  beforeAll(async () => {
    server = await startSystemPostgres();
    const migration = readFileSync(join(MIGRATIONS_DIR, "1767225600010_shared-state.sql"), "utf8");
    const up = migration.split("-- Down Migration")[0]!;
    const setup = new pg.Client({ connectionString: server.url });
    await setup.connect();
    await setup.query(up);
    await setup.end();
    poolA = new pg.Pool({ connectionString: server.url, max: 10 });
    poolB = new pg.Pool({ connectionString: server.url, max: 10 });
    a = createPostgresSharedState(poolA, { sweepIntervalMs: 0 });
    b = createPostgresSharedState(poolB, { sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await poolA?.end();
    await poolB?.end();
    await server?.stop();
  });

  it("makes a claim racing an uncommitted one wait for it, then lose to it (or win if it rolled back)", async () => {
    for (const end of ["COMMIT", "ROLLBACK"] as const) {
      const key = `pending-${end}`;
      const holder = await poolA.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("INSERT INTO docent_claims (key, expires_at) VALUES ($1, now() + interval '1 minute')", [key]);
        let settled = false;
        const racing = b.claimOnce(key, 60_000).finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(settled).toBe(false); // waiting on the other session's row
        await holder.query(end);
        expect(await racing).toBe(end === "ROLLBACK");
      } finally {
        holder.release();
      }
    }
  });

  it("gives each key to exactly one of many sessions claiming it at once", async () => {
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimOnce(`burst-${round}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it("never hands out more tokens than the limit to sessions taking them at once", async () => {
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).takeToken("slack:UBURST", 5, 60_000)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterMs > 0 && d.retryAfterMs <= 60_000)).toBe(true);
  });
});
