// Where the record store lives: Postgres when DATABASE_URL is set (shared by every replica), otherwise the
// SQLite file DATA_DIR/docent.sqlite (with its record-key beside it). `npm start` and `npm run report` open it
// here, so both read and write the same store.
import { join } from "node:path";
import type { DatabaseConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import { openRecordStore, type RecordStore } from "./record-store.js";

export async function openRecords(config: { dataDir: string; database?: DatabaseConfig }, options: { logger?: Logger } = {}): Promise<RecordStore> {
  if (config.database) {
    // Loaded only when configured, as the Postgres index is: the default start does not load pg.
    const { openPostgresRecordStore } = await import("./postgres-record-store.js");
    return openPostgresRecordStore(config.database, options);
  }
  return openRecordStore(join(config.dataDir, "docent.sqlite"), options);
}
