// The live generation's manifest of an index in Postgres (a row per document: file, content hash, title …),
// for the commands that need to know what is indexed without searching it: `ingest --dry-run` and the report.
// Reads only: the schema is not migrated (a database no Docent has used yet simply has no index), no lock.
import type { DatabaseConfig } from "../../../config.js";
import { createLogger } from "../../../logger.js";
import { describeDatabase, openPool, unavailable } from "../../db/postgres.js";
import type { LiveManifest } from "../live-manifest.js";
import { generationName, readGenerationDocuments, readIndexRow } from "./postgres-index.js";

/** Postgres's "relation does not exist": the migrations have never run in this database. */
const UNDEFINED_TABLE = "42P01";

/** The live generation's documents sorted by file, or undefined when the index has not been built in the database. */
export async function readPostgresManifest(database: Pick<DatabaseConfig, "url" | "index" | "poolMax">): Promise<LiveManifest | undefined> {
  const pool = await openPool({ url: database.url, poolMax: Math.min(database.poolMax, 2) }, { logger: createLogger("index"), migrate: false });
  try {
    const index = await readIndexRow(pool, database.index);
    if (!index || index.live === null) return undefined;
    return { generation: generationName(index.live), documents: await readGenerationDocuments(pool, index.id, index.live) };
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return undefined;
    throw unavailable(`cannot read the documents of index "${database.index}" in ${describeDatabase(database.url)}`, error, "check that the server is running");
  } finally {
    await pool.end();
  }
}
