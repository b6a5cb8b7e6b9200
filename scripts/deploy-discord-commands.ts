// npm run discord:deploy — registers Docent's slash commands with Discord (guild-scoped when DISCORD_GUILD_ID
// is set, instant; global otherwise, up to an hour to appear). Prints a one-line summary; on failure, one line
// naming the cause and the fix (a refused token, an unreachable API), and a non-zero exit within seconds.
import { deployCommands } from "../src/adapters/discord/deploy-commands.js";
import { loadConfig } from "../src/config.js";
import { AppError } from "../src/errors.js";
import { runEntry } from "../src/run-entry.js";
import { exitWithUsageIfAsked, parseArgsOrExit } from "./usage.js";

exitWithUsageIfAsked(`usage: npm run discord:deploy
Registers Docent's slash commands (/ask, /ask-admin, …) with Discord for the application of DISCORD_TOKEN: in the
server DISCORD_GUILD_ID when it is set (available at once), otherwise globally (up to an hour to appear).
Replaces the whole command set; run it again whenever the commands change.`);
parseArgsOrExit("discord:deploy", { options: {} });

runEntry(async () => {
  const config = loadConfig();
  if (!config.discord)
    throw new AppError("config_invalid", "discord:deploy: DISCORD_TOKEN is not set (the bot token from the Developer Portal → Bot).");
  const result = await deployCommands(config.discord);
  const where = result.scope === "guild" ? `in guild ${config.discord.guildId} (available now)` : "globally (may take up to an hour to appear)";
  process.stdout.write(`Registered ${result.names.map((n) => `/${n}`).join(", ")} for application ${result.appId} ${where}.\n`);
}, { name: "discord:deploy", exit: true });
