// A press on 👍/👎 under an answer: stored in the record store (one vote per member per answer, a second press
// changes it) and acknowledged ephemerally, so only the voter sees the thanks.
import { MessageFlags, type ButtonInteraction } from "discord.js";
import { isAppError } from "../../../errors.js";
import type { Vote } from "../../../core/index.js";
import type { DiscordBotDeps } from "../deps.js";
import { NO_MENTIONS } from "../notices.js";

const EMOJI: Record<Vote, string> = { up: "👍", down: "👎" };

export async function handleVote(interaction: ButtonInteraction, deps: DiscordBotDeps, answerId: string, vote: Vote): Promise<void> {
  let content: string;
  try {
    const { status } = deps.records.recordVote({ answerId, platform: "discord", userId: interaction.user.id, vote });
    content =
      status === "added"
        ? `Thanks for the feedback ${EMOJI[vote]}`
        : status === "changed"
          ? `Changed your vote to ${EMOJI[vote]}`
          : `You already voted ${EMOJI[vote]} on this answer.`;
    deps.logger.info({ answerId, vote, status }, "discord: vote recorded");
  } catch (error) {
    if (!isAppError(error, "answer_unknown")) throw error;
    content = "That answer is no longer on record, so the vote could not be saved.";
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
