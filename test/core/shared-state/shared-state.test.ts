// The replicas' shared state, in memory and in Postgres (PGlite over the wire, the product's migrations and
// `pg` client): claims are won once until they expire, remembered keys are seen by every replica, and rate
// limits are one allowance across replicas. Separate sessions (real concurrency) are covered on Debian's
// PostgreSQL 15 in shared-state-postgres15.test.ts.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPool } from "../../../src/core/db/postgres.js";
import { createSharedRateLimiter } from "../../../src/core/rate-limiter.js";
import { createPostgresSharedState } from "../../../src/core/shared-state/postgres-shared-state.js";
import { createMemorySharedState, type SharedState } from "../../../src/core/shared-state/shared-state.js";
import { createLogger } from "../../../src/logger.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What both implementations must do; `replicas` are two views of one state (two pools on one database). */
function behaves(name: string, open: () => Promise<{ a: SharedState; b: SharedState; close(): Promise<void> }>) {
  describe(name, () => {
    let a: SharedState;
    let b: SharedState;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ a, b, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    it("lets one caller claim a key, on any replica, until the claim expires", async () => {
      expect(await a.claimOnce("k1", 10_000)).toBe(true);
      expect(await b.claimOnce("k1", 10_000)).toBe(false);
      expect(await a.claimOnce("k1", 10_000)).toBe(false);
      expect(await b.claimOnce("k2", 10_000)).toBe(true);
      expect(await a.claimOnce("short", 50)).toBe(true);
      expect(await b.claimOnce("short", 50)).toBe(false);
      await sleep(120);
      expect(await b.claimOnce("short", 50)).toBe(true);
    });

    it("gives a key claimed by many at once to exactly one of them", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimOnce("race", 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("remembers keys for every replica, and forgets them when they expire", async () => {
      expect(await b.has("thread")).toBe(false);
      await a.remember("thread", 10_000);
      expect(await b.has("thread")).toBe(true);
      await b.remember("thread", 10); // a shorter expiry does not shorten it
      await sleep(50);
      expect(await a.has("thread")).toBe(true);
      await a.remember("brief", 30);
      await sleep(80);
      expect(await b.has("brief")).toBe(false);
    });

    it("keeps one rate limit across replicas, and notices once per window", async () => {
      const limiterA = createSharedRateLimiter(a, { limit: 3, windowMs: 60_000 });
      const limiterB = createSharedRateLimiter(b, { limit: 3, windowMs: 60_000 });
      expect(await limiterA.take("slack:U1")).toEqual({ allowed: true, retryAfterMs: 0 });
      expect((await limiterB.take("slack:U1")).allowed).toBe(true);
      expect((await limiterA.take("slack:U1")).allowed).toBe(true);
      const refused = await limiterB.take("slack:U1");
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(50_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect((await limiterA.take("slack:U2")).allowed).toBe(true);
      expect(await limiterA.shouldNotify("slack:U1")).toBe(true);
      expect(await limiterB.shouldNotify("slack:U1")).toBe(false);
    });

    it("frees tokens as they leave the window, and never gives more than the limit to a burst", async () => {
      expect((await a.takeToken("w", 1, 100)).allowed).toBe(true);
      expect((await b.takeToken("w", 1, 100)).allowed).toBe(false);
      await sleep(150);
      expect((await b.takeToken("w", 1, 100)).allowed).toBe(true);
      const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).takeToken("burst", 5, 60_000)));
      expect(burst.filter((d) => d.allowed)).toHaveLength(5);
    });
  });
}

behaves("shared state in memory", async () => {
  const state = createMemorySharedState();
  return { a: state, b: state, close: () => state.close() };
});

describe("memory shared state", () => {
  it("forgets the oldest keys past its cap", async () => {
    const state = createMemorySharedState({ maxKeys: 2 });
    await state.claimOnce("1", 60_000);
    await state.claimOnce("2", 60_000);
    await state.claimOnce("3", 60_000);
    expect(await state.has("1")).toBe(false);
    expect(await state.has("3")).toBe(true);
  });
});

let server: PgliteServer;
beforeAll(async () => {
  server = await startPgliteServer();
});
afterAll(async () => {
  await server?.stop();
});

behaves("shared state in Postgres (PGlite), two replicas' pools on one database", async () => {
  const logger = createLogger("test");
  const poolA = await openPool({ url: server.url, poolMax: 4 }, { logger });
  const poolB = await openPool({ url: server.url, poolMax: 4 }, { logger });
  const a = createPostgresSharedState(poolA, { ownsPool: true, sweepIntervalMs: 0 });
  const b = createPostgresSharedState(poolB, { ownsPool: true, sweepIntervalMs: 0 });
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
});

describe("Postgres shared state housekeeping", () => {
  it("sweeps expired claims and idle rate limits, and keeps live ones", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    const state = createPostgresSharedState(pool, { ownsPool: true, sweepIntervalMs: 0 });
    try {
      await state.claimOnce("sweep:old", 1);
      await state.claimOnce("sweep:live", 60_000);
      await state.takeToken("sweep:rate", 1, 1);
      await sleep(20);
      expect(await state.sweep()).toBeGreaterThanOrEqual(2);
      const { rows } = await pool.query("SELECT key FROM docent_claims WHERE key LIKE 'sweep:%' UNION ALL SELECT key FROM docent_rate_limits WHERE key LIKE 'sweep:%'");
      expect(rows.map((r) => r.key)).toEqual(["sweep:live"]);
    } finally {
      await state.close();
    }
  });
});
