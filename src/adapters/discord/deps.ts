// What the Discord adapter receives from the process entry: configuration and the core's services. Kept apart
// from start-discord-bot.ts so commands and events can depend on it without importing the entry.
import type { DiscordConfig } from "../../config.js";
import type { AskService, RateLimiter, RecordStore } from "../../core/index.js";
import type { Logger } from "../../logger.js";

export interface DiscordBotDeps {
  config: DiscordConfig;
  asker: AskService;
  records: RecordStore;
  rateLimiter: RateLimiter;
  /** streamEditIntervalMs: a streamed reply is edited at most this often (config.streamEditIntervalMs; default 1 s). */
  limits: { maxQuestionChars: number; timeoutMs: number; historyMaxTurns: number; streamEditIntervalMs?: number };
  logger: Logger;
  /** Runs a re-index (sources, then the index) and resolves to its summary; absent = /ask-admin reindex is not available. */
  reindex?: () => Promise<string>;
}
