// A database connection that dies while a query's client is checked out of the pool (a server restart or a
// failover during a question) must fail that work with the reason, not end the process: Node ends a process
// on an 'error' event nobody listens to, and pg-pool listens only to idle connections. Needs separate
// sessions to kill one (pg_terminate_backend), so it runs on Debian's PostgreSQL 15.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openPool } from "../../../src/core/db/postgres.js";
import { createLogger } from "../../../src/logger.js";
import { startSystemPostgres, systemPostgresMissing, type SystemPostgres } from "../../helpers/system-postgres.js";

const missing = systemPostgresMissing();

describe.skipIf(missing !== undefined)(`losing a connection on PostgreSQL 15${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: SystemPostgres;
  beforeAll(async () => {
    server = await startSystemPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a checked-out connection killed between two queries fails the next query, and the pool goes on with a new one", async () => {
    const pool = await openPool({ url: server.url, poolMax: 2 }, { logger: createLogger("test"), migrate: false });
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const ended = new Promise((resolve) => client.once("end", resolve));
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      // The connection's end arrives while no query is active on it: the moment that used to end the process.
      await ended;
      await expect(client.query("SELECT 1")).rejects.toThrow(/not queryable|terminat|closed/i);
      client.release();
      const { rows: after } = await pool.query<{ n: number }>("SELECT 1 AS n");
      expect(after[0]!.n).toBe(1);
      expect(pool.totalCount).toBe(1);
    } finally {
      await admin.end();
      await pool.end();
    }
  });
});
