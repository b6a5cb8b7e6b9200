// Where the replicas' shared state lives: Postgres when DATABASE_URL is set (every replica on the database
// agrees), otherwise this process's memory (one replica, as before).
import type { DatabaseConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import { createMemorySharedState, type SharedState } from "./shared-state.js";

export async function openSharedState(config: { database?: DatabaseConfig }, options: { logger: Logger }): Promise<SharedState> {
  if (!config.database) return createMemorySharedState();
  // Loaded only when configured: the default start does not load pg.
  const [{ openPool }, { createPostgresSharedState }] = await Promise.all([import("../db/postgres.js"), import("./postgres-shared-state.js")]);
  const pool = await openPool(config.database, { logger: options.logger });
  return createPostgresSharedState(pool, { logger: options.logger, ownsPool: true });
}
