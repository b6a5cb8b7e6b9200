// The two record stores the same tests run against: the SQLite file (the default) and Postgres (DATABASE_URL),
// the latter over a real Postgres wire protocol (PGlite served on loopback, test/helpers/pglite-server.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgresRecordStore } from "../../src/core/records/postgres-record-store.js";
import { openRecordStore, type RecordStore } from "../../src/core/records/record-store.js";
import type { Logger } from "../../src/logger.js";
import { startPgliteServer, type PgliteServer } from "./pglite-server.js";

export interface RecordBackend {
  name: "sqlite" | "postgres";
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** An empty store with a key of its own: a new installation (SQLite: in memory; Postgres: emptied tables). */
  fresh(): Promise<RecordStore>;
  /** An empty store that outlives its process (SQLite: a new file; Postgres: emptied tables). */
  persistent(options?: { logger?: Logger }): Promise<RecordStore>;
  /** Another store over the data of the last persistent() one: a restart, or a second replica beside it. */
  again(options?: { logger?: Logger }): Promise<RecordStore>;
  /** Postgres only: the database's URL, and a client on it to look at the tables. */
  url?: string;
  sql?: pg.Pool;
}

export function sqliteBackend(): RecordBackend {
  let dir = "";
  let files = 0;
  let last = "";
  return {
    name: "sqlite",
    async setup() {
      dir = mkdtempSync(join(tmpdir(), "docent-records-"));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      return openRecordStore(":memory:");
    },
    async persistent(options = {}) {
      last = join(dir, `store-${++files}`, "docent.sqlite");
      return openRecordStore(last, options);
    },
    async again(options = {}) {
      return openRecordStore(last, options);
    },
  };
}

export function postgresBackend(): RecordBackend {
  let server: PgliteServer | undefined;
  const backend: RecordBackend = {
    name: "postgres",
    async setup() {
      server = await startPgliteServer();
      backend.url = server.url;
      // The first open migrates the database; the tests then start each store from emptied tables.
      await (await openPostgresRecordStore({ url: server.url, poolMax: 4 })).close();
      backend.sql = new pg.Pool({ connectionString: server.url, max: 2 });
    },
    async teardown() {
      await backend.sql?.end();
      await server?.stop();
    },
    async fresh() {
      return backend.persistent();
    },
    async persistent(options = {}) {
      await backend.sql!.query("TRUNCATE docent_votes, docent_answers, docent_record_key");
      return openPostgresRecordStore({ url: server!.url, poolMax: 4 }, options);
    },
    async again(options = {}) {
      return openPostgresRecordStore({ url: server!.url, poolMax: 4 }, options);
    },
  };
  return backend;
}

/** For describe.each: `describe.each(recordBackends())("record store on %s", (_name, backend) => …)`. */
export function recordBackends(): [string, RecordBackend][] {
  return [
    ["sqlite", sqliteBackend()],
    ["postgres", postgresBackend()],
  ];
}
