// What every chat adapter receives from the process entry besides its own platform configuration: the core's
// services and the limits that apply to members on any platform.
import type { AskService, RateLimiter, RecordStore, SharedState, TaskService } from "../../core/index.js";
import type { Logger } from "../../logger.js";

export interface ChatAdapterDeps {
  asker: AskService;
  records: RecordStore;
  rateLimiter: RateLimiter;
  /**
   * State the replicas of one deployment share (Postgres with DATABASE_URL): Slack's de-duplication, replay
   * protection and answered threads. Absent = this process's memory (one replica).
   */
  sharedState?: SharedState;
  /** streamEditIntervalMs: a streamed reply is edited at most this often (config.streamEditIntervalMs; default 1 s). */
  limits: { maxQuestionChars: number; timeoutMs: number; historyMaxTurns: number; streamEditIntervalMs?: number };
  logger: Logger;
  /** Runs a re-index (sources, then the index) and resolves to its summary; absent = /ask-admin reindex is not available. */
  reindex?: () => Promise<string>;
  /** The chat tasks behind /docent (latest, search, summarize); absent = /docent says it is not available. */
  tasks?: TaskService;
}
