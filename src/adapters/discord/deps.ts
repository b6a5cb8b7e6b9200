// What the Discord adapter receives from the process entry: configuration and the core's services. Kept apart
// from start-discord-bot.ts so commands and events can depend on it without importing the entry.
import type { DiscordConfig } from "../../config.js";
import type { ChatAdapterDeps } from "../shared/chat-adapter-deps.js";

export interface DiscordBotDeps extends ChatAdapterDeps {
  config: DiscordConfig;
  /** Told when the gateway connection goes down (with why) and comes back up; feeds /readyz. */
  onConnectionChange?: (up: boolean, reason?: string) => void;
  /** How long logging in may take before start-up fails (default DISCORD_START_TIMEOUT_MS); tests shorten it. */
  startTimeoutMs?: number;
}
