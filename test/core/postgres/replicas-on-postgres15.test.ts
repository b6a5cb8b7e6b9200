// What only separate database sessions can show (PGlite runs one session for all connections), on Debian's
// PostgreSQL 15: one writer per index (the advisory lock), released when its holder goes, and replicas told
// of a published generation by NOTIFY on their LISTEN connection.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireWriterLock } from "../../../src/core/index-store/postgres/postgres-ingest.js";
import { listenForGenerations, NOTIFY_CHANNEL } from "../../../src/core/index-store/postgres/postgres-index.js";
import { isAppError } from "../../../src/errors.js";
import { createLogger } from "../../../src/logger.js";
import { startSystemPostgres, systemPostgresMissing, type SystemPostgres } from "../../helpers/system-postgres.js";

const missing = systemPostgresMissing();

describe.skipIf(missing !== undefined)(`replicas on PostgreSQL 15${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: SystemPostgres;
  beforeAll(async () => {
    server = await startSystemPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lets one ingest write an index at a time, per index, and frees the lock when the writer is done", async () => {
    const release = await acquireWriterLock(server.url, "docs");
    const second = await acquireWriterLock(server.url, "docs").catch((e: unknown) => e);
    expect(isAppError(second, "ingest_failed")).toBe(true);
    expect((second as Error).message).toMatch(/^ingest: another ingest is running for index "docs" in postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(database session \d+\)$/);
    const other = await acquireWriterLock(server.url, "other-index");
    await other();
    await release();
    const again = await acquireWriterLock(server.url, "docs");
    await again();
  });

  it("frees the lock when the writer's connection dies (a killed ingest)", async () => {
    await acquireWriterLock(server.url, "killed");
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'docent-ingest-lock'");
      await expect.poll(async () => (await admin.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
    const release = await acquireWriterLock(server.url, "killed");
    await release();
  });

  it("tells a listening replica when a generation of its index is published, and not for other indexes", async () => {
    const seen: string[] = [];
    const docs = listenForGenerations(server.url, "docs", () => seen.push("docs"), createLogger("test"));
    await docs.ready;
    expect(seen).toEqual(["docs"]); // once on connecting: a publish may have been missed
    const publisher = new pg.Client({ connectionString: server.url });
    await publisher.connect();
    try {
      await publisher.query("BEGIN");
      await publisher.query("SELECT pg_notify($1, 'other')", [NOTIFY_CHANNEL]);
      await publisher.query("SELECT pg_notify($1, 'docs')", [NOTIFY_CHANNEL]);
      // Nothing before the publishing transaction commits.
      await publisher.query("SELECT pg_sleep(0.2)");
      expect(seen).toEqual(["docs"]);
      await publisher.query("COMMIT");
      await expect.poll(() => seen.length).toBe(2);
    } finally {
      docs.stop();
      await publisher.end();
    }
  });
});
