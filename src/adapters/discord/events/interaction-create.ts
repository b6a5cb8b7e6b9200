// Dispatches slash commands by name and vote-button presses by custom id.
// @see https://discord.com/developers/docs/events/gateway-events#interaction-create
import { Events, MessageFlags } from "discord.js";
import { commands } from "../commands/index.js";
import { handleSearchPageButton, parsePagingId } from "../commands/docent.js";
import { handleVote } from "../components/vote.js";
import { NO_MENTIONS } from "../notices.js";
import { replyWithError } from "../reply-with-error.js";
import { parseVoteId } from "../vote-buttons.js";
import { defineEvent } from "./define-event.js";

export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  async execute(deps, interaction) {
    if (interaction.isChatInputCommand()) {
      const command = commands.find((c) => c.data.name === interaction.commandName);
      if (!command) {
        // A command still registered with Discord after it was removed here; redeploy the commands to clear it.
        deps.logger.warn({ command: interaction.commandName }, "discord: unknown command");
        await interaction.reply({ content: "I don't know that command.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
        return;
      }
      try {
        await command.execute(interaction, deps);
      } catch (error) {
        await replyWithError(interaction, deps.logger, error, `/${interaction.commandName}`);
      }
      return;
    }
    if (interaction.isButton() && parsePagingId(interaction.customId)) {
      try {
        await handleSearchPageButton(interaction, deps);
      } catch (error) {
        await replyWithError(interaction, deps.logger, error, "search page button");
      }
      return;
    }
    if (interaction.isButton()) {
      const vote = parseVoteId(interaction.customId);
      if (!vote) return;
      try {
        await handleVote(interaction, deps, vote.answerId, vote.vote);
      } catch (error) {
        await replyWithError(interaction, deps.logger, error, "vote button");
      }
    }
  },
});
