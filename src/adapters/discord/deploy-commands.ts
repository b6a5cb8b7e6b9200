// Registers the slash commands with Discord: in one guild when a guild id is configured (updates are instant,
// for testing), globally otherwise (can take up to an hour to reach every server). Uses the same static list
// the bot handles, so registration and handling cannot drift apart. Failures reject with an AppError naming the
// cause and the fix (refused token, missing scope, unreachable API), within seconds rather than minutes.
import { REST, Routes, type RESTGetCurrentApplicationResult } from "discord.js";
import type { DiscordConfig } from "../../config.js";
import { commands } from "./commands/index.js";
import { describeDiscordError } from "./discord-errors.js";

/** One request may take this long, and is retried once: an unreachable API fails in seconds, not minutes. */
const REQUEST_TIMEOUT_MS = 4_000;

export interface DeployResult {
  scope: "guild" | "global";
  appId: string;
  names: string[];
}

export async function deployCommands(config: DiscordConfig): Promise<DeployResult> {
  try {
    return await deploy(config);
  } catch (error) {
    throw describeDiscordError(error, "discord:deploy", config.apiUrl);
  }
}

async function deploy(config: DiscordConfig): Promise<DeployResult> {
  const rest = new REST({ api: config.apiUrl, timeout: REQUEST_TIMEOUT_MS, retries: 1 }).setToken(config.token);
  const appId = config.appId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const body = commands.map((command) => command.data.toJSON());
  const route = config.guildId ? Routes.applicationGuildCommands(appId, config.guildId) : Routes.applicationCommands(appId);
  // PUT replaces the whole set, so a command removed from the list is also removed from Discord.
  await rest.put(route, { body });
  return { scope: config.guildId ? "guild" : "global", appId, names: body.map((c) => c.name) };
}
