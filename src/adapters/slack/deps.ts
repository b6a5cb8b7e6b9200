// What the Slack adapter is given by the process that starts it, and the per-app state its listeners share.
import type { webApi } from "@slack/bolt";
import type { SlackConfig } from "../../config.js";
import type { SharedState } from "../../core/index.js";
import type { ChatAdapterDeps } from "../shared/chat-adapter-deps.js";

export interface SlackAppDeps extends ChatAdapterDeps {
  config: SlackConfig;
  /** Web API client tuning; tests set `retryConfig: { retries: 0 }` so a failing fake cannot stall them. */
  clientOptions?: { retryConfig?: webApi.RetryOptions };
  /** HTTP mode only: the interface to listen on (default: all). Tests use 127.0.0.1. */
  host?: string;
  /** The start-up check of the bot token (auth.test): per-attempt timeout and retries; see check-bot-token.ts. */
  startup?: { timeoutMs?: number; retries?: number; socketTimeoutMs?: number };
}

export interface ListenerDeps extends SlackAppDeps {
  /**
   * deps.sharedState, or this process's memory. Holds the messages (channel:ts) already taken by a listener —
   * retries and app_mention/message twins are dropped, whichever replica they reach — and the threads
   * (channel:thread_ts) the app has answered in, whose replies are follow-ups without a mention.
   */
  state: SharedState;
}
