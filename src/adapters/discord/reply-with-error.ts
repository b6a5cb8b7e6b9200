// The single place where a failed interaction becomes a message for the member: logged once with context,
// answered with a short apology (never the error's text) in whichever way the interaction still allows.
import { MessageFlags, type RepliableInteraction } from "discord.js";
import type { Logger } from "../../logger.js";
import { apologyFor, NO_MENTIONS } from "./notices.js";

export async function replyWithError(interaction: RepliableInteraction, logger: Logger, error: unknown, what: string): Promise<void> {
  logger.error(
    { err: error, what, userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId },
    "discord: interaction failed",
  );
  const content = apologyFor(error);
  try {
    if (interaction.deferred) await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } catch (replyError) {
    // Typically the interaction expired (3 s / 15 min); nothing more can be shown to the member.
    logger.warn({ err: replyError, what }, "discord: could not send the apology");
  }
}
