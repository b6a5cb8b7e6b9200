// The record store on Debian's PostgreSQL 15, where each connection is its own session (PGlite runs every
// connection on one session, so it cannot show this): replicas starting at once agree on one member-hash key,
// and many presses by the same member arriving through two replicas at once leave one vote, added once.
// PostgreSQL 15 here has no pgvector, so only the record-store migration is applied.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../../src/core/db/postgres.js";
import { postgresRecordStoreOn } from "../../../src/core/records/postgres-record-store.js";
import type { Answer } from "../../../src/core/types.js";
import { startSystemPostgres, systemPostgresMissing, type SystemPostgres } from "../../helpers/system-postgres.js";

const missing = systemPostgresMissing();

const answer: Answer = { answer: "Run npm install [1].", citations: [], grounded: true, timings: { retrieveMs: 1, answerMs: 1 } };

describe.skipIf(missing !== undefined)(`record store on PostgreSQL 15${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: SystemPostgres;
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  beforeAll(async () => {
    server = await startSystemPostgres();
    const migration = readFileSync(join(MIGRATIONS_DIR, "1767225600002_record-store.sql"), "utf8");
    const setup = new pg.Client({ connectionString: server.url });
    await setup.connect();
    await setup.query(migration.split("-- Down Migration")[0]!);
    await setup.end();
    poolA = new pg.Pool({ connectionString: server.url, max: 8 });
    poolB = new pg.Pool({ connectionString: server.url, max: 8 });
  });
  afterAll(async () => {
    await poolA?.end();
    await poolB?.end();
    await server?.stop();
  });

  it("gives replicas that start at the same moment one key", async () => {
    const stores = await Promise.all([poolA, poolB, poolA, poolB].map((pool) => postgresRecordStoreOn(pool)));
    expect(new Set(stores.map((s) => s.hashUser("slack", "U1"))).size).toBe(1);
    const { rows } = await poolA.query("SELECT count(*)::int AS n FROM docent_record_key");
    expect(rows[0].n).toBe(1);
  });

  it("keeps one vote per member when the same member's presses reach both replicas at once", async () => {
    const a = await postgresRecordStoreOn(poolA);
    const b = await postgresRecordStoreOn(poolB);
    const id = await a.recordAnswer({ platform: "slack", userId: "U0", question: "How do I install it?", answer, latencyMs: 5 });
    for (const round of [1, 2, 3]) {
      const presses = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? a : b).recordVote({ answerId: id, platform: "slack", userId: `U${round}`, vote: "up" }));
      const statuses = (await Promise.all(presses)).map((r) => r.status);
      expect(statuses.filter((s) => s === "added"), `round ${round}`).toHaveLength(1);
      expect(statuses.filter((s) => s === "unchanged"), `round ${round}`).toHaveLength(15);
    }
    // Up and down pressed at once: whichever lands last is the one vote, and it was recorded as a change.
    const mixed = await Promise.all([a.recordVote({ answerId: id, platform: "slack", userId: "U1", vote: "down" }), b.recordVote({ answerId: id, platform: "slack", userId: "U1", vote: "down" })]);
    expect(mixed.map((r) => r.status).sort()).toEqual(["changed", "unchanged"]);
    const votes = await b.votesFor(id);
    expect(votes).toHaveLength(3);
    expect(votes.find((v) => v.userHash === a.hashUser("slack", "U1"))?.vote).toBe("down");
  });
});
