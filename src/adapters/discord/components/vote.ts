// A press on 👍/👎 under an answer: stored in the record store (one vote per member per answer, a second press
// changes it) and acknowledged ephemerally, so only the voter sees the thanks.
import { MessageFlags, type ButtonInteraction } from "discord.js";
import { isAppError } from "../../../errors.js";
import type { Vote } from "../../../core/index.js";
import type { DiscordBotDeps } from "../deps.js";
import { NO_MENTIONS, VOTE_FAILED } from "../notices.js";

const EMOJI: Record<Vote, string> = { up: "👍", down: "👎" };

export async function handleVote(interaction: ButtonInteraction, deps: DiscordBotDeps, answerId: string, vote: Vote): Promise<void> {
  let content: string;
  try {
    const { status } = await deps.records.recordVote({ answerId, platform: "discord", userId: interaction.user.id, vote });
    content =
      status === "added"
        ? `Thanks for the feedback ${EMOJI[vote]}`
        : status === "changed"
          ? `Changed your vote to ${EMOJI[vote]}`
          : `You already voted ${EMOJI[vote]} on this answer.`;
    deps.logger.info({ answerId, vote, status }, "discord: vote recorded");
  } catch (error) {
    if (isAppError(error, "answer_unknown")) content = "That answer is no longer on record, so the vote could not be saved.";
    else {
      // E.g. the record store is busy or broken: the member learns the vote was not kept, the log why.
      deps.logger.error({ err: error, answerId, vote, userId: interaction.user.id }, "discord: could not record the vote");
      content = VOTE_FAILED;
    }
  }
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
