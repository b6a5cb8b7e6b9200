// /ask-admin reindex: an operator command. Only members holding one of DISCORD_ADMIN_ROLE_IDS may run it
// (everyone else is refused ephemerally; an empty list means no one). Discord also hides it by default from
// members without Manage Server; server admins can change that, so the roles stay the real check. A re-index can take minutes, so the
// reply is deferred at once and the summary edited in when it is done — privately, as it is for operators.
import {
  codeBlock,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from "discord.js";
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
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
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
    // The reply says the rest is in the log, so the log has it.
    if (summary.length > SUMMARY_MAX) deps.logger.info({ summary }, "discord: re-index summary in full (the reply is shortened)");
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

/** A fence inside the summary would end its code block early; these look alike and end nothing. */
const NEUTRAL_FENCE = "ˋˋˋ";

/**
 * Fits `text` in `max` characters for a code block: ``` neutralised, whole lines kept while they fit, then the
 * start of the line that does not fit, and a note of how many lines were left out.
 */
export function cut(text: string, max: number): string {
  const safe = text.replace(/```/g, NEUTRAL_FENCE);
  if (safe.length <= max) return safe;
  const lines = safe.split("\n");
  const budget = max - 40; // room for the note below
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const room = budget - length;
    if (line.length + 1 <= room) {
      kept.push(line);
      length += line.length + 1;
      continue;
    }
    // A line longer than the room left (maybe one very long line): show its start rather than nothing.
    if (room > 1) kept.push(`${sliceWhole(line, room - 2)}…`);
    break;
  }
  const left = lines.length - kept.length;
  return `${kept.join("\n")}\n… ${left > 0 ? `${left} more line(s)` : "the full text is"} in the bot's log`;
}

/** The first `n` UTF-16 units of `text`, one fewer rather than half an emoji. */
function sliceWhole(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}
