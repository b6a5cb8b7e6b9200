// /ask-admin reindex: an operator command. Only members holding one of DISCORD_ADMIN_ROLE_IDS may run it
// (everyone else is refused ephemerally; an empty list means no one). A re-index can take minutes, so the
// reply is deferred at once and the summary edited in when it is done — privately, as it is for operators.
import { codeBlock, InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { isAppError } from "../../../errors.js";
import { ADMIN_ONLY, NO_MENTIONS, REINDEX_UNAVAILABLE } from "../notices.js";
import type { Command } from "./index.js";

/** Discord's message limit is 2,000 characters; the code block and the cut notice need the rest. */
const SUMMARY_MAX = 1_850;

export const askAdminCommand = {
  data: new SlashCommandBuilder()
    .setName("ask-admin")
    .setDescription("Operator commands for Docent")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => sub.setName("reindex").setDescription("Fetch the sources and update the index now; replies with the summary")),

  async execute(interaction, deps) {
    const notify = (content: string) =>
      interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).then(() => undefined);
    if (!hasAdminRole(interaction, deps.config.adminRoleIds)) {
      deps.logger.warn({ userId: interaction.user.id, command: "ask-admin" }, "discord: operator command refused");
      return notify(ADMIN_ONLY);
    }
    if (!deps.reindex) return notify(REINDEX_UNAVAILABLE);

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    deps.logger.info({ userId: interaction.user.id }, "discord: re-index requested");
    let summary: string;
    try {
      summary = await deps.reindex();
    } catch (error) {
      deps.logger.error({ err: error }, "discord: re-index failed");
      // Operators see the reason: AppError messages are written for them (a broken sources file, a held lock).
      summary = `Re-index failed: ${isAppError(error) ? error.message : "unexpected error; see the bot's log"}`;
    }
    await interaction.editReply({ content: codeBlock(cut(summary, SUMMARY_MAX)), allowedMentions: NO_MENTIONS });
  },
} satisfies Command;

function hasAdminRole(interaction: ChatInputCommandInteraction, adminRoleIds: readonly string[]): boolean {
  const roles = interaction.member?.roles;
  if (!roles || adminRoleIds.length === 0) return false;
  // A cached member has a role manager; an uncached one (API payload) a plain list of ids.
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return held.some((id) => adminRoleIds.includes(id));
}

/** Keeps whole lines up to `max` characters and says how many were left out. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split("\n");
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max - 40) break;
    kept.push(line);
    length += line.length + 1;
  }
  return `${kept.join("\n")}\n… ${lines.length - kept.length} more line(s) in the bot's log`;
}
