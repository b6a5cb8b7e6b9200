// Entry of the Discord adapter: builds the discord.js client, registers the events and logs in. Resolves once
// the gateway session is ready, so the caller knows the bot is actually online; rejects within a deadline with
// an AppError naming the cause and the fix (refused token, unreachable API, intents not enabled). Reports the
// connection going down and up through deps.onConnectionChange, and stops gracefully: handlers still running
// get a grace period to send their answers before the gateway is closed.
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { AppError } from "../../errors.js";
import { createInFlight } from "../../ops/in-flight.js";
import type { DiscordBotDeps } from "./deps.js";
import { describeDiscordError, gatewayClosedError, gatewayClosedReason } from "./discord-errors.js";
import { registerEvents } from "./events/index.js";
import { NO_MENTIONS } from "./notices.js";

export type { DiscordBotDeps } from "./deps.js";

/** How long logging in may take before the start counts as failed (a supervisor then restarts the process).
 *  A login takes 1–2 s, plus at most waitGuildTimeout (3 s) for slow servers; with the 1–2 s the process needs
 *  to load and open the index, a Discord API that never answers still ends the start within 10 s. */
export const DISCORD_START_TIMEOUT_MS = 6_000;
/** How long stop() waits for handlers still sending answers, by default. */
const STOP_GRACE_MS = 3_000;
/** destroy() closes sockets; it should take milliseconds, but must never hold a shutdown up. */
const DESTROY_TIMEOUT_MS = 2_000;

export interface DiscordBotHandle {
  client: Client;
  /** Waits up to `graceMs` for event handlers still running (answers being sent), then closes the gateway. */
  stop(graceMs?: number): Promise<void>;
}

export async function startDiscordBot(deps: DiscordBotDeps): Promise<DiscordBotHandle> {
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
    // DISCORD_SHARD_ID/DISCORD_SHARD_COUNT: this process runs one shard. Otherwise discord.js reads SHARDS/SHARD_COUNT itself
    // (set by a ShardingManager parent) or runs the one shard.
    ...(deps.config.shard ? { shards: [deps.config.shard.id], shardCount: deps.config.shard.count } : {}),
    // A default for anything sent; every send also passes it explicitly.
    allowedMentions: NO_MENTIONS,
    // Servers that are slow to arrive after READY join later instead of holding the start up.
    waitGuildTimeout: 3_000,
  });
  const logger = deps.logger.child({ adapter: "discord" });
  const handlers = createInFlight();
  registerEvents(client, { ...deps, logger }, handlers);
  watchConnection(client, deps.onConnectionChange);

  const timeoutMs = deps.startTimeoutMs ?? DISCORD_START_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    // Closed for good during login (a refused token, intents not enabled): discord.js would wait forever.
    client.on(Events.ShardDisconnect, (event) => reject(gatewayClosedError(event.code)));
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            "platform_unreachable",
            `discord: no gateway session within ${timeoutMs / 1000} s: the Discord API at ${deps.config.apiUrl} or its gateway did not answer. ` +
              "Fix: check the network, firewall or proxy, and DISCORD_API_URL; https://discordstatus.com shows Discord's own state.",
          ),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.all([client.login(deps.config.token), ready]);
  } catch (error) {
    await destroy(client);
    throw describeDiscordError(error, "discord", deps.config.apiUrl);
  } finally {
    clearTimeout(timer);
  }
  return {
    client,
    async stop(graceMs = STOP_GRACE_MS) {
      const settled = await handlers.idle(graceMs);
      if (!settled) logger.warn({ running: handlers.count }, "discord: closing with handlers still running");
      await destroy(client);
      logger.info("discord: stopped");
    },
  };
}

function watchConnection(client: Client, onChange: DiscordBotDeps["onConnectionChange"]): void {
  if (!onChange) return;
  client.on(Events.ShardReady, () => onChange(true));
  client.on(Events.ShardResume, () => onChange(true));
  client.on(Events.ShardReconnecting, () => onChange(false, "gateway connection lost; reconnecting"));
  client.on(Events.ShardDisconnect, (event) => onChange(false, gatewayClosedReason(event.code)));
}

async function destroy(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.destroy().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DESTROY_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
}
