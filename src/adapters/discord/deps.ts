// What the Discord adapter receives from the process entry: configuration and the core's services. Kept apart
// from start-discord-bot.ts so commands and events can depend on it without importing the entry.
import type { DiscordConfig } from "../../config.js";
import type { ChatAdapterDeps } from "../shared/chat-adapter-deps.js";

export interface DiscordBotDeps extends ChatAdapterDeps {
  config: DiscordConfig;
}
