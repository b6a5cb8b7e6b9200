// npm run discord:deploy — registers Docent's slash commands with Discord (guild-scoped when DISCORD_GUILD_ID
// is set, global otherwise). Prints a one-line summary; exits non-zero on failure.
import { deployCommands } from "../src/adapters/discord/deploy-commands.js";
import { loadConfig } from "../src/config.js";

try {
  const config = loadConfig();
  if (!config.discord) throw new Error("DISCORD_TOKEN is not set; see the Discord section of the README.");
  const result = await deployCommands(config.discord);
  const where = result.scope === "guild" ? `in guild ${config.discord.guildId} (available now)` : "globally (may take up to an hour to appear)";
  process.stdout.write(`Registered ${result.names.map((n) => `/${n}`).join(", ")} for application ${result.appId} ${where}.\n`);
} catch (error) {
  process.stderr.write(`discord:deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
