// Entry of the Discord adapter: builds the discord.js client, registers the events and logs in. Resolves once
// the gateway session is ready, so the caller knows the bot is actually online.
import { once } from "node:events";
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import type { DiscordBotDeps } from "./deps.js";
import { registerEvents } from "./events/index.js";
import { NO_MENTIONS } from "./notices.js";

export type { DiscordBotDeps } from "./deps.js";

export async function startDiscordBot(deps: DiscordBotDeps): Promise<{ client: Client; stop(): Promise<void> }> {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      // Privileged: without it Discord blanks the text of thread follow-ups that do not mention the bot.
      GatewayIntentBits.MessageContent,
    ],
    // DM channels are not cached in advance; without this partial, DMs never reach messageCreate.
    partials: [Partials.Channel],
    rest: { api: deps.config.apiUrl },
    // A default for anything sent; every send also passes it explicitly.
    allowedMentions: NO_MENTIONS,
  });
  const logger = deps.logger.child({ adapter: "discord" });
  registerEvents(client, { ...deps, logger });

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(deps.config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return {
    client,
    async stop() {
      await client.destroy();
      logger.info("discord: stopped");
    },
  };
}
